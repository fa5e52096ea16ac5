using MathNet.Numerics.LinearAlgebra;
using Theory.Analytic;
using Theory.Bound;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Analytic;

/// <summary>
/// Every public closed form, bound and statistic refuses what it cannot compute, with an ArgumentException that names the
/// parameter (and, for a number, says what it got). The mutation run (tests/Theory.Tests/stryker-config.json) found these
/// checks unexercised: removing any of them changed no test's outcome.
/// </summary>
public class GuardedInputsTests
{
    private static readonly Matrix<double> Gram = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 0.5 }, { 0.5, 1 } });
    private static readonly LinearGaussianModel Model = new(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }), [1, 2, 3]);

    public static TheoryData<string, string, Action> Refusals() => new()
    {
        { "OptimalNoise.Cost sigma", "sigma", () => OptimalNoise.Cost(1, 1e-3, 1, 2, -1) },
        { "OptimalNoise.CostDerivative sigma", "sigma", () => OptimalNoise.CostDerivative(1, 1e-3, 1, 2, double.NaN) },
        { "OptimalNoise.Sigmas importances", "importances", () => OptimalNoise.Sigmas(1, 1e-3, 1, [1, -2]) },
        { "PredictedSlopes finite prior gram", "gramDiagonal", () => PredictedSlopes.VersusMeanFieldVariance(1, 0, 1, 1) },
        { "PredictedSlopes finite prior sigmaY", "sigmaY", () => PredictedSlopes.VersusMeanFieldVariance(1, 2, 0, 1) },
        { "PredictedSlopes finite prior sigma0", "sigma0", () => PredictedSlopes.VersusMeanFieldVariance(1, 2, 1, double.PositiveInfinity) },
        { "PredictedSlopes.Intercept s", "s", () => PredictedSlopes.Intercept(1, 0, 1) },
        { "PredictedSlopes.Intercept lambda", "lambda", () => PredictedSlopes.Intercept(1, 1e-3, -1) },
        { "PredictedSlopes.Intercept rho", "rho", () => PredictedSlopes.Intercept(0, 1e-3, 1) },
        { "QuantalModel.ReleaseProbability mu", "mu", () => QuantalModel.ReleaseProbability(0.1, 0, 5) },
        { "QuantalModel.ReleaseProbability n", "n", () => QuantalModel.ReleaseProbability(0.1, 1, -5) },
        { "QuantalModel.ReleaseSites sigma", "sigma", () => QuantalModel.ReleaseSites(0, 1, 0.5) },
        { "QuantalModel.ReleaseSites mu", "mu", () => QuantalModel.ReleaseSites(0.1, double.NaN, 0.5) },
        { "ReliabilityCost.Derivative rho", "rho", () => ReliabilityCost.Derivative(0, 1e-3, 1, 0.1) },
        { "ReliabilityCost.Derivative s", "s", () => ReliabilityCost.Derivative(1, -1e-3, 1, 0.1) },
        { "ReliabilityCost.Derivative lambda", "lambda", () => ReliabilityCost.Derivative(1, 1e-3, double.NaN, 0.1) },
        { "Tradeoff.Exponent rho", "rho", () => Tradeoff.Exponent(-1) },
        { "Tradeoff.PowerMean q", "q", () => Tradeoff.PowerMean([1, 2], 0) },
        { "Tradeoff.PowerMean empty", "importances", () => Tradeoff.PowerMean([], 1) },
        { "Tradeoff.HeterogeneousLoss s", "s", () => Tradeoff.HeterogeneousLoss(1, 0, 1, [1.0]) },
        { "Tradeoff.HeterogeneousLoss lambda", "lambda", () => Tradeoff.HeterogeneousLoss(1, 1e-3, 0, [1.0]) },
        { "Tradeoff.HomogeneousLoss rho", "rho", () => Tradeoff.HomogeneousLoss(-2, 1e-3, 1, [1.0]) },
        { "Tradeoff.HomogeneousExcessCost s", "s", () => Tradeoff.HomogeneousExcessCost(1, 0, 1, [1.0]) },
        { "Tradeoff.HeterogeneousExcessCost reliability", "reliabilityCost", () => Tradeoff.HeterogeneousExcessCost(1, 1e-3, -1, [1.0]) },
        { "Variational.KullbackLeibler lengths", "sigma", () => Variational.KullbackLeibler([1.0, 2], [1.0], 1) },
        { "Variational.KullbackLeibler sigma0", "sigma0", () => Variational.KullbackLeibler([1.0], [1.0], 0) },
        { "Variational.OptimalVariance hessian", "hessian", () => Variational.OptimalVariance(-1, 1) },
        { "Variational.OptimalVariance sigma0", "sigma0", () => Variational.OptimalVariance(1, double.NaN) },
        { "EntropyBound.Constant rho", "rho", () => EntropyBound.Constant(0, 1e-3) },
        { "EntropyBound.Constant s", "s", () => EntropyBound.Constant(1, 0) },
        { "EntropyBound.Entropy sigma", "sigma", () => EntropyBound.Entropy(-1) },
        { "EntropyBound.SummedGap rho", "rho", () => EntropyBound.SummedGap(-1, 1e-3, [0.1]) },
        { "EntropyBound.SummedGap s", "s", () => EntropyBound.SummedGap(1, double.NaN, [0.1]) },
        { "EntropyBound.SummedGap sigmas", "sigmas", () => EntropyBound.SummedGap(1, 1e-3, [0.1, 0]) },
        { "LinearElbo.Terms sigma length", "sigma", () => LinearElbo.Terms(Model, [0, 0], [0.1], 1, 1, 1, 1e-3) },
        { "LinearElbo.Terms mu", "mu", () => LinearElbo.Terms(Model, [0, double.NaN], [0.1, 0.1], 1, 1, 1, 1e-3) },
        { "LinearElbo.Terms sigma", "sigma", () => LinearElbo.Terms(Model, [0, 0], [0.1, -0.1], 1, 1, 1, 1e-3) },
        { "LinearElbo.Terms sigma0", "sigma0", () => LinearElbo.Terms(Model, [0, 0], [0.1, 0.1], 0, 1, 1, 1e-3) },
        { "LinearElbo.Terms laplaceScale", "laplaceScale", () => LinearElbo.Terms(Model, [0, 0], [0.1, 0.1], 1, 0, 1, 1e-3) },
        { "LinearElbo.Terms rho", "rho", () => LinearElbo.Terms(Model, [0, 0], [0.1, 0.1], 1, 1, 0, 1e-3) },
        { "LinearElbo.Terms s", "s", () => LinearElbo.Terms(Model, [0, 0], [0.1, 0.1], 1, 1, 1, 0) },
        { "LinearElbo.FoldedNormalMean mu", "mu", () => LinearElbo.FoldedNormalMean(double.NaN, 1) },
        { "LinearElbo.FoldedNormalMean sigma", "sigma", () => LinearElbo.FoldedNormalMean(0, 0) },
        { "GapScan.LogSpace min", "rho-min", () => GapScan.Run(new GapScan.Grid(RhoMin: 0)) },
        { "GapScan.LogSpace max", "rho-max", () => GapScan.Run(new GapScan.Grid(RhoMax: double.PositiveInfinity)) },
        { "Bootstrap.Quantile empty", "sorted", () => Bootstrap.Quantile([], 0.5) },
        { "LinearFit.Of one point", "x", () => LinearFit.Of([1.0], [2.0]) },
        { "LinearFit.Of non-finite", "x", () => LinearFit.Of([1.0, double.NaN], [2.0, 3]) },
        { "RankCorrelation.PValue n", "n", () => RankCorrelation.PValue(0.5, 2) },
        { "RankCorrelation.Pearson two pairs", "x", () => RankCorrelation.Pearson([1.0, 2], [1.0, 3]) },
        { "RankCorrelation.Pearson non-finite y", "y", () => RankCorrelation.Pearson([1.0, 2, 3], [1.0, 3, double.NaN]) },
        { "Posterior.MeanFieldVariances sigmaY", "sigmaY", () => Posterior.MeanFieldVariances([1.0], 0, 1) },
        { "Posterior.MeanFieldVariances gram", "gramDiagonal", () => Posterior.MeanFieldVariances([-1.0], 1, 1) },
        { "Posterior.LargePriorVariances sigmaY", "sigmaY", () => Posterior.LargePriorVariances([1.0], -1) },
        { "Posterior.LargePriorVariances gram", "gramDiagonal", () => Posterior.LargePriorVariances([double.NaN], 1) },
        { "Posterior.Precision sigmaY", "sigmaY", () => Posterior.Precision(Gram, 0, 1) },
        { "Posterior.Precision sigma0", "sigma0", () => Posterior.Precision(Gram, 1, 0) },
        { "Posterior.Mean not positive definite", "gram", () => Posterior.Mean(Matrix<double>.Build.DenseOfArray(new double[,] { { -5, 0 }, { 0, -5 } }), [1.0, 1], 1, 1e6) },
        { "LinearGaussianModel targets", "targets", () => _ = new LinearGaussianModel(Matrix<double>.Build.Dense(2, 1, 1), [1, double.NaN]) },
        { "Spread.Of empty", "values", () => Spread.Of([]) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refused_naming_the_parameter(string what, string parameter, Action call)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.True(e.ParamName == parameter, $"{what}: parameter '{e.ParamName}', expected '{parameter}' ({e.Message})");
        Assert.False(string.IsNullOrWhiteSpace(e.Message.Split(" (Parameter")[0]), $"{what}: empty message");
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        Assert.Equal("moment", Assert.Throws<ArgumentNullException>(() => Posterior.Mean(Gram, null!, 1, 1)).ParamName);
        Assert.Equal("design", Assert.Throws<ArgumentNullException>(() => _ = new LinearGaussianModel(null!, [1.0])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentNullException>(() => _ = new LinearGaussianModel(Gram, null!)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => LinearElbo.Terms(null!, [0.0], [1.0], 1, 1, 1, 1)).ParamName);
        Assert.Equal("grid", Assert.Throws<ArgumentNullException>(() => GapScan.Run(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => RankCorrelation.Pearson(null!, [1.0])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => Spread.Of(null!)).ParamName);
    }
}
