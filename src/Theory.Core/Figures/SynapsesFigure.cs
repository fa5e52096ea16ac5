using ScottPlot;
using Theory.Synapses;

namespace Theory.Figures;

/// <summary>
/// The picture of <c>theory synapses</c>: ln variance against ln input rate for the Bayesian methods (exact marginal,
/// mean-field, static filter, Langevin) with the static prediction's slope -1; the drifting filter with section 7's
/// steady state (slope -1/2); the energy-efficient sigma*^2 of each mechanism (slopes -2/(2+rho)); and the Langevin
/// covariance's error against P^-1 and against its predicted biased form as the chain grows.
/// </summary>
public static class SynapsesFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 480;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 380;

    /// <summary>Writes <c>synapses.png</c> and <c>synapses.svg</c>; returns the paths.</summary>
    public static string[] Write(string folder, SynapseComparison.Options options, SynapseComparison.Result result)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        double[] logR = [.. result.Rates.Select(r => Math.Log(r))];
        int[] order = [.. Enumerable.Range(0, logR.Length).OrderBy(i => logR[i])];
        double[] x = [.. order.Select(i => logR[i])];
        double[] Log(double[] v) => [.. order.Select(i => Math.Log(v[i]))];
        double x0 = x[0], x1 = x[^1];
        var multiplot = Figure.NewGrid(1, 4);

        var bayes = new Plot();
        for (int k = 0; k < 4; k++)
        {
            Figure.Points(bayes, x, Log(result.Rows[k].Variance), Figure.Series(k, 0.8), result.Rows[k].Method, size: 6 - k);
        }

        double[] exact = Log(result.ExactMarginal);
        Figure.Line(bayes, x0, x1, (-1, exact.Average() + x.Average()), Figure.Colour(2), "slope -1 (static Bayesian, large data)", dashed: true);
        Decorate(bayes, "static weights", "ln variance", Alignment.UpperRight);
        multiplot.Subplots.Add(bayes);

        var drift = new Plot();
        SynapseComparison.Row drifting = result.Rows[4];
        Figure.Points(drift, x, Log(drifting.Variance), Figure.Series(0, 0.8), "filter, steady state (second-half mean)", size: 6);
        double sd = Math.Sqrt(result.Drift.SigmaDeltaSquared);
        Figure.Curve(drift, x, [.. order.Select(i => Math.Log(BayesianFilter.SteadyStateVariance(result.Rates[i], options.Sigma0, sd, options.Tau)))], Figure.Colour(2),
            "s^2 = sigma_0 sigma_delta sqrt(2/(tau r)): slope -1/2", dashed: true);
        Decorate(drift, FormattableString.Invariant($"drifting weights (tau {options.Tau:G3})"), "ln s^2", Alignment.UpperRight);
        multiplot.Subplots.Add(drift);

        var energy = new Plot();
        int m = 0;
        foreach (SynapseComparison.Row row in result.Rows.Skip(5))
        {
            double[] y = Log(row.Variance);
            Figure.Points(energy, x, y, Figure.Series(m, 0.8), row.Method.Replace("energy-efficient ", string.Empty, StringComparison.Ordinal), size: 5);
            Figure.Line(energy, x0, x1, (row.Predicted, y.Average() - (row.Predicted * x.Average())), Figure.Series(m), FormattableString.Invariant($"slope {row.Predicted:F3}"), dashed: true);
            m++;
        }

        Decorate(energy, "energy-efficient sigma*^2", "ln sigma*^2", Alignment.UpperRight);
        multiplot.Subplots.Add(energy);

        var chain = new Plot();
        double[] fractions = [Math.Log(0.25 * options.ChainSamples), Math.Log(0.5 * options.ChainSamples), Math.Log(options.ChainSamples)];
        Figure.Curve(chain, fractions, [.. result.FrobeniusExact.Select(v => Math.Log(v))], Figure.Series(0), "against P^-1");
        Figure.Curve(chain, fractions, [.. result.FrobeniusBiased.Select(v => Math.Log(v))], Figure.Series(1), "against P^-1 (I - eP/2)^-1");
        Figure.Line(chain, fractions[0], fractions[^1], (-0.5, Math.Log(result.FrobeniusBiased[0]) + (0.5 * fractions[0])), Figure.Colour(2), "slope -1/2 (1/sqrt(ESS))", dashed: true);
        Figure.Line(chain, fractions[0], fractions[^1], (0, Math.Log(result.PredictedBias)), Figure.Colour(4), "predicted bias", dashed: true);
        Figure.Line(chain, fractions[0], fractions[^1], (0, Math.Log(result.FrobeniusMeanField)), Figure.Colour(6), "mean-field diag(1/P_ii)", dashed: true);
        chain.Title("Langevin covariance error");
        chain.XLabel("ln samples kept");
        chain.YLabel("ln relative Frobenius error");
        chain.ShowLegend(Alignment.LowerLeft);
        multiplot.Subplots.Add(chain);
        return Figure.Save(folder, "synapses", multiplot, 4 * PanelWidth, PanelHeight);
    }

    private static void Decorate(Plot plot, string title, string y, Alignment legend)
    {
        plot.Title(title);
        plot.XLabel("ln input rate r_i");
        plot.YLabel(y);
        plot.ShowLegend(legend);
    }
}
