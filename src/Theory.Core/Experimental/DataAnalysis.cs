using Theory.Analytic;
using Theory.Stats;

namespace Theory.Experimental;

/// <summary>A log-log OLS fit of a data set with a bootstrap interval and both correlations.</summary>
/// <param name="Label">What was fitted on what (for tables and legends).</param>
/// <param name="Count">Points (connections or recordings).</param>
/// <param name="Slope">OLS slope of ln y on ln x.</param>
/// <param name="Intercept">OLS intercept.</param>
/// <param name="Ci">95% percentile bootstrap interval of the slope, resampling the points (connections or recordings).</param>
/// <param name="Pearson">Pearson's r of ln x and ln y with its p-value.</param>
/// <param name="Spearman">Spearman's rank correlation with its p-value (the same for x and ln x).</param>
/// <param name="LogX">ln x of every point.</param>
/// <param name="LogY">ln y of every point.</param>
public sealed record LogLogFit(string Label, int Count, double Slope, double Intercept, (double Low, double High) Ci, Correlated Pearson, Correlated Spearman, double[] LogX, double[] LogY)
{
    /// <summary>Fits ln y on ln x; the bootstrap draws from <paramref name="seed"/>.</summary>
    public static LogLogFit Of(string label, double[] x, double[] y, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        double[] lx = [.. x.Select(v => Math.Log(v))];
        double[] ly = [.. y.Select(v => Math.Log(v))];
        LinearFit fit = LinearFit.Of(lx, ly);
        return new LogLogFit(label, x.Length, fit.Slope, fit.Intercept, Bootstrap.SlopeInterval(lx, ly, seed),
            RankCorrelation.Pearson(lx, ly), RankCorrelation.Spearman(lx, ly), lx, ly);
    }

    /// <summary>Whether <paramref name="exponent"/> lies inside the 95% interval.</summary>
    public bool Contains(double exponent) => exponent >= Ci.Low && exponent <= Ci.High;
}

/// <summary>A theory's predicted exponent.</summary>
/// <param name="Theory">The theory (and mechanism).</param>
/// <param name="Exponent">The predicted log-log slope.</param>
public sealed record Prediction(string Theory, double Exponent);

/// <summary>Ko et al.: normalised variability and variance against the inferred input rate, with the predictions.</summary>
/// <param name="Source">The file.</param>
/// <param name="NormalisedVariability">ln(var/mean) on ln r.</param>
/// <param name="Variance">ln var on ln r.</param>
/// <param name="Mean">ln mean on ln r: the check of the assumption under which var/mean has var's predicted slope.</param>
/// <param name="Predictions">Each theory's d ln sigma^2 / d ln r.</param>
public sealed record KoAnalysis(string Source, LogLogFit NormalisedVariability, LogLogFit Variance, LogLogFit Mean, Prediction[] Predictions)
{
    /// <summary>Whether the mean's slope against ln r is 0 within its 95% interval (section 12's condition for var/mean).</summary>
    public bool MeanUnrelatedToRate => Mean.Contains(0);
}

/// <summary>Sjöström et al.: the relative weight change against the CV before plasticity, per set and pooled.</summary>
/// <param name="Fits">ln dw_rel on ln CV for each set, then (with more than one set) all sets pooled.</param>
/// <param name="Predictions">Each theory's d ln eta / d ln CV (if dw_rel were eta and w unrelated to CV).</param>
public sealed record SjostromAnalysis(LogLogFit[] Fits, Prediction[] Predictions);

/// <summary>
/// The statistics of Figure 6 (THEORY.md section 12): log-log fits of the experimental data against what the
/// energy-efficient and the Bayesian-synapse theories predict.
/// </summary>
public static class DataAnalysis
{
    /// <summary>What section 12 says is and is not a clean test of the learning-rate data; every output carries it.</summary>
    public const string LearningRateCaveat =
        "dw_rel is a proxy for the learning rate: only the sign and strength of the correlation are a clean test (both theories predict it positive); the exponents assume dw_rel ~ eta and a w unrelated to CV, which the data do not guarantee.";

    /// <summary>Fits the Ko et al. data; the bootstraps draw from <paramref name="seed"/>, + 1 and + 2.</summary>
    public static KoAnalysis Ko(KoData data, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        Prediction[] predictions =
        [
            .. Mechanisms.All.Select(m => new Prediction(FormattableString.Invariant($"energy-efficient, {m.Name()} (rho {m.Rho():0.###})"), PredictedSlopes.VersusInputRate(m.Rho()))),
            new Prediction("static Bayesian", PredictedSlopes.StaticBayesianVersusInputRate),
            new Prediction("drifting Bayesian", PredictedSlopes.DriftingBayesianVersusInputRate),
        ];
        return new KoAnalysis(
            data.Source,
            LogLogFit.Of("var/mean", data.InputRate, data.NormalisedVariability, seed),
            LogLogFit.Of("var", data.InputRate, data.Variance, seed + 1),
            LogLogFit.Of("mean", data.InputRate, data.Mean, seed + 2),
            predictions);
    }

    /// <summary>
    /// Fits each Sjöström set and, with more than one, the pooled sets; set k's bootstrap draws from
    /// <paramref name="seed"/> + 3 + k (the pooled fit after the last set).
    /// </summary>
    public static SjostromAnalysis Sjostrom(IReadOnlyList<(string Label, SjostromData Data)> sets, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0)
        {
            throw new ArgumentException("no Sjöström data set.", nameof(sets));
        }

        var fits = new List<LogLogFit>();
        for (int k = 0; k < sets.Count; k++)
        {
            fits.Add(LogLogFit.Of(sets[k].Label, sets[k].Data.CoefficientOfVariation, sets[k].Data.RelativeChange, seed + 3 + (ulong)k));
        }

        if (sets.Count > 1)
        {
            fits.Add(LogLogFit.Of("pooled", [.. sets.SelectMany(s => s.Data.CoefficientOfVariation)], [.. sets.SelectMany(s => s.Data.RelativeChange)],
                seed + 3 + (ulong)sets.Count));
        }

        Prediction[] predictions =
        [
            .. Mechanisms.All.Select(m => new Prediction(FormattableString.Invariant($"energy-efficient, {m.Name()} (rho {m.Rho():0.###})"), PredictedSlopes.LearningRateVersusCoefficientOfVariation(m.Rho()))),
            new Prediction("Bayesian (eta ~ s^2)", PredictedSlopes.BayesianLearningRateVersusCoefficientOfVariation),
        ];
        return new SjostromAnalysis([.. fits], predictions);
    }
}
