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

    /// <summary>Refusals whose message must say a particular thing (what the user got wrong, or which entry).</summary>
    public static TheoryData<string, string, string, Action> RefusalsSaying() => new()
    {
        { "OptimalNoise.LogSigmaSquared rho", "rho", "rho must be positive and finite (got 0)", () => OptimalNoise.LogSigmaSquared(0, 1e-3, 1, 1) },
        { "OptimalNoise.Cost rho", "rho", "(got -1)", () => OptimalNoise.Cost(-1, 1e-3, 1, 2, 0.1) },
        { "OptimalNoise.CostDerivative lambda", "lambda", "lambda must be positive", () => OptimalNoise.CostDerivative(1, 1e-3, 0, 2, 0.1) },
        { "OptimalNoise.Sigmas s", "s", "s must be positive", () => OptimalNoise.Sigmas(1, 0, 1, [1.0]) },
        { "ReliabilityCost.LogValue sigma", "sigma", "sigma must be positive", () => ReliabilityCost.LogValue(1, 1e-3, 1, 0) },
        { "QuantalModel.CoefficientOfVariationSquared p", "p", "p must lie in (0, 1] (got 0)", () => QuantalModel.CoefficientOfVariationSquared(5, 0) },
        { "QuantalModel.Mean p above 1", "p", "(0, 1] (got 1.5)", () => QuantalModel.Mean(5, 1.5, 1) },
        { "QuantalModel.Mean q", "q", "q must be positive", () => QuantalModel.Mean(5, 0.5, 0) },
        { "QuantalModel.ReleaseSites p 0", "p", "p must lie in (0, 1) (got 0)", () => QuantalModel.ReleaseSites(0.1, 1, 0) },
        { "QuantalModel.ReleaseSites p 1", "p", "(0, 1) (got 1)", () => QuantalModel.ReleaseSites(0.1, 1, 1) },
        { "Mechanisms.Rho unknown", "mechanism", "unknown mechanism", () => ((Mechanism)99).Rho() },
        { "BiophysicalCost.Cost unknown", "mechanism", "unknown mechanism", () => BiophysicalCost.Cost((Mechanism)99, 0.1, 1, 0.5) },
        { "Posterior.Mean sigmaY", "sigmaY", "sigmaY", () => Posterior.Mean(Gram, [1.0, 1], 0, 1) },
        { "Posterior.Precision not square", "gram", "gram must be square (got 2 x 3)", () => Posterior.Precision(Matrix<double>.Build.Dense(2, 3, 1), 1, 1) },
        { "Posterior.Precision not finite", "gram", "gram[0,1] must be finite", () => Posterior.Precision(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, double.NaN }, { 0, 1 } }), 1, 1) },
        { "Posterior.ExactMarginalVariances managed, not positive definite", "gram", "not positive definite", () => Posterior.ExactMarginalVariances(Matrix<double>.Build.DenseOfArray(new double[,] { { -5, 0 }, { 0, -5 } }), 1, 1e6, native: false) },
        { "EntropyBound.LogGap sigma", "sigma", "sigma must be positive", () => EntropyBound.LogGap(1, 1e-3, -1) },
        { "EntropyBound.Gaps short destination", "gap", "destination is shorter than the source", () => EntropyBound.Gaps(1, 1e-3, [0.1, 0.2], new double[1]) },
        { "LinearGaussianModel rows", "targets", "targets has 2 entries but the design matrix has 3 rows", () => _ = new LinearGaussianModel(Matrix<double>.Build.Dense(3, 1, 1), [1.0, 2]) },
        { "LinearGaussianModel no rows", "design", "at least one row and one column", () => _ = new LinearGaussianModel(Matrix<double>.Build.Dense(0, 2), []) },
        { "LinearElbo.Terms mu entry", "mu", "mu[1] must be finite", () => LinearElbo.Terms(Model, [0, double.PositiveInfinity], [0.1, 0.1], 1, 1, 1, 1e-3) },
        { "LinearElbo.MonteCarlo samples", "samples", "samples", () => LinearElbo.MonteCarlo(Model, [0, 0], [0.1, 0.1], 1, null, 1, 1) },
        { "GapScan s count", "s", "s range needs", () => GapScan.Run(new GapScan.Grid(SCount: 0)) },
        { "GapScan sigma order", "sigma", "sigma range needs sigma-min < sigma-max and at least 2 points, or one point with sigma-min = sigma-max (got [2, 1] x 5)", () => GapScan.Run(new GapScan.Grid(SigmaMin: 2, SigmaMax: 1, SigmaCount: 5)) },
        { "GapScan two equal ends", "rho", "rho range needs", () => GapScan.Run(new GapScan.Grid(RhoMin: 1, RhoMax: 1, RhoCount: 2)) },
        { "GapScan one point, two ends", "rho", "rho-count 1 takes rho-min = rho-max, a single value (got [1, 2])", () => GapScan.Run(new GapScan.Grid(RhoMin: 1, RhoMax: 2, RhoCount: 1)) },
        { "Bootstrap resamples", "resamples", "resamples must be at least 10", () => Bootstrap.SlopeInterval([1.0, 2, 3], [1.0, 2, 4], 1, 9) },
        { "Interpolation.Linear lengths", "y", "x has 2 values, y 1", () => Interpolation.Linear([1.0, 2], [1.0], 1) },
        { "Interpolation.FirstCrossingBelow lengths", "y", "x has 1 values, y 2", () => Interpolation.FirstCrossingBelow([1.0], [1.0, 2], 1) },
        { "LinearFit.Of lengths", "y", "y has length 1, expected 2", () => LinearFit.Of([1.0, 2], [1.0]) },
        { "LinearFit.Of one point", "x", "at least 2 points", () => LinearFit.Of([1.0], [2.0]) },
        { "LinearFit.Of constant x", "x", "x is constant", () => LinearFit.Of([1.0, 1], [2.0, 3]) },
        { "LinearFit.Of non-finite x", "x", "x[1] must be finite", () => LinearFit.Of([1.0, double.NaN], [2.0, 3]) },
        { "RankCorrelation lengths", "y", "y has length 2, expected 3", () => RankCorrelation.Pearson([1.0, 2, 3], [1.0, 2]) },
        { "RankCorrelation.PValue r", "r", "r must lie in [-1, 1] (got 1.5)", () => RankCorrelation.PValue(1.5, 10) },
        { "RankCorrelation.PValue r NaN", "r", "(got NaN)", () => RankCorrelation.PValue(double.NaN, 10) },
        { "RankCorrelation.PValue r below -1", "r", "[-1, 1]", () => RankCorrelation.PValue(-1.000001, 10) },
        { "Posterior.DiagonalOfInverse overflow", "gram", "singular to double precision", () => Posterior.DiagonalOfInverse(Matrix<double>.Build.DenseOfArray(new double[,] { { 1e-310 } }), "gram") },
        { "RankCorrelation non-finite x", "x", "x[2] must be finite", () => RankCorrelation.Pearson([1.0, 2, double.NaN], [1.0, 2, 3]) },
        { "RankCorrelation constant", "x", "a constant variable has no correlation", () => RankCorrelation.Spearman([1.0, 2, 3], [4.0, 4, 4]) },
    };

    [Theory]
    [MemberData(nameof(RefusalsSaying))]
    public void Refused_naming_the_parameter_and_saying_why(string what, string parameter, string fragment, Action call)
    {
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.True(e.ParamName == parameter, $"{what}: parameter '{e.ParamName}', expected '{parameter}' ({e.Message})");
        Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{what}: message '{e.Message}' does not say '{fragment}'");
    }

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
        Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => RankCorrelation.Spearman([1.0], null!)).ParamName);
        Assert.Equal("gram", Assert.Throws<ArgumentNullException>(() => Posterior.ExactMarginalVariances(null!, 1, 1)).ParamName);
        Assert.Equal("mu", Assert.Throws<ArgumentNullException>(() => LinearElbo.Terms(Model, null!, [1.0, 1], 1, 1, 1, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentNullException>(() => LinearElbo.Terms(Model, [0.0, 0], null!, 1, 1, 1, 1)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => LinearElbo.MonteCarlo(null!, [0.0], [1.0], 1, null, 10, 1)).ParamName);
        Assert.Equal("mu", Assert.Throws<ArgumentNullException>(() => LinearElbo.MonteCarlo(Model, null!, [1.0], 1, null, 10, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentNullException>(() => LinearElbo.MonteCarlo(Model, [0.0, 0], null!, 1, null, 10, 1)).ParamName);
    }
}
