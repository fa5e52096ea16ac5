using Theory.Analytic;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// Trains the stochastic linear regression for one rho and compares the learned noise with the closed form
/// (THEORY.md sections 3 and 4): the slopes of ln sigma^2 against ln A_ii and against ln v^MF, and the
/// per-synapse relative error of sigma.
/// </summary>
public static class LinearExperiment
{
    /// <summary>How one estimator's sigma compares with theory.</summary>
    /// <param name="SlopeImportance">Fitted slope of ln sigma^2 against ln A_ii.</param>
    /// <param name="SlopeImportanceCi">95% bootstrap interval of that slope.</param>
    /// <param name="SlopeMeanField">Fitted slope of ln sigma^2 against ln v^MF.</param>
    /// <param name="SlopeMeanFieldCi">95% bootstrap interval of that slope.</param>
    /// <param name="MedianRelativeError">Median over synapses of |sigma / sigma* - 1|.</param>
    /// <param name="MaxRelativeError">Largest |sigma / sigma* - 1|.</param>
    /// <param name="Sigma">The learned sigma of every fitted synapse (those with A_ii &gt; 0, in index order).</param>
    public sealed record Comparison(
        double SlopeImportance,
        (double Low, double High) SlopeImportanceCi,
        double SlopeMeanField,
        (double Low, double High) SlopeMeanFieldCi,
        double MedianRelativeError,
        double MaxRelativeError,
        double[] Sigma);

    /// <summary>One table row: a mechanism (or bare rho) with both estimators.</summary>
    /// <param name="Mechanism">Mechanism name, or "rho=..." for a bare exponent.</param>
    /// <param name="Rho">Cost exponent.</param>
    /// <param name="AnalyticSlopeImportance">-2/(2+rho).</param>
    /// <param name="AnalyticSlopeMeanField">2/(2+rho) (large-prior limit).</param>
    /// <param name="Exact">The exact-loss estimator.</param>
    /// <param name="MonteCarlo">The Monte-Carlo estimator.</param>
    /// <param name="Fitted">Synapses in the fits.</param>
    /// <param name="Unconstrained">Synapses with A_ii = 0, left out.</param>
    /// <param name="GramDiagonal">A_ii of every fitted synapse, in index order (as <see cref="Comparison.Sigma"/>).</param>
    /// <param name="MeanFieldVariance">v^MF of every fitted synapse.</param>
    /// <param name="SigmaStar">The closed-form sigma* of every fitted synapse.</param>
    public sealed record Row(
        string Mechanism,
        double Rho,
        double AnalyticSlopeImportance,
        double AnalyticSlopeMeanField,
        Comparison Exact,
        Comparison MonteCarlo,
        int Fitted,
        int Unconstrained,
        double[] GramDiagonal,
        double[] MeanFieldVariance,
        double[] SigmaStar);

    /// <summary>
    /// Runs both estimators for one rho on one model; <paramref name="progress"/> receives the fraction of the
    /// two fits' Adam steps done.
    /// </summary>
    public static Row Run(
        LinearGaussianModel model, string name, StochasticLinearRegression.Options options, double sigma0, ulong seed,
        Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        double[] importance = model.Importance();
        double[] sigmaStar = OptimalNoise.Sigmas(options.Rho, options.S, options.Lambda, importance);
        double[] vmf = model.MeanFieldVariances(sigma0);
        int[] constrained = [.. Enumerable.Range(0, importance.Length).Where(i => !OptimalNoise.IsUnconstrained(importance[i]))];
        if (constrained.Length < 3)
        {
            throw new ArgumentException("fewer than 3 synapses have A_ii > 0: nothing to fit.", nameof(model));
        }

        double[] logA = [.. constrained.Select(i => Math.Log(model.GramDiagonal[i]))];
        double[] logV = [.. constrained.Select(i => Math.Log(vmf[i]))];
        if (logA.Min() == logA.Max())
        {
            throw new ArgumentException(
                "every synapse has the same importance A_ii, so the slope against it is undefined; use more samples.", nameof(model));
        }

        Comparison Compare(GradientEstimator estimator, ulong trainSeed, int fitsBefore)
        {
            Action<int>? stepDone = progress is null ? null : step => progress((fitsBefore + ((double)step / options.Steps)) / 2);
            var result = StochasticLinearRegression.Train(model, options with { Estimator = estimator, Seed = trainSeed }, stepDone);
            if (!result.Sigma.All(v => double.IsFinite(v) && v > 0) || !result.Mu.All(double.IsFinite))
            {
                throw new InvalidOperationException(
                    $"training diverged (rho {Guard.Format(options.Rho)}, {estimator} estimator): a mean or sigma is no longer finite and positive; lower --lr.");
            }

            double[] logS2 = [.. constrained.Select(i => 2 * Math.Log(result.Sigma[i]))];
            double[] relErr = [.. constrained.Select(i => Math.Abs(result.Sigma[i] / sigmaStar[i] - 1))];
            return new Comparison(
                LinearFit.Of(logA, logS2).Slope,
                Bootstrap.SlopeInterval(logA, logS2, seed),
                LinearFit.Of(logV, logS2).Slope,
                Bootstrap.SlopeInterval(logV, logS2, seed + 1),
                Bootstrap.Median(relErr),
                relErr.Max(),
                [.. constrained.Select(i => result.Sigma[i])]);
        }

        return new Row(
            name,
            options.Rho,
            PredictedSlopes.VersusImportance(options.Rho),
            PredictedSlopes.VersusMeanFieldVariance(options.Rho),
            Compare(GradientEstimator.Exact, options.Seed, 0),
            Compare(GradientEstimator.MonteCarlo, options.Seed + 1, 1),
            constrained.Length,
            importance.Length - constrained.Length,
            [.. constrained.Select(i => model.GramDiagonal[i])],
            [.. constrained.Select(i => vmf[i])],
            [.. constrained.Select(i => sigmaStar[i])]);
    }
}
