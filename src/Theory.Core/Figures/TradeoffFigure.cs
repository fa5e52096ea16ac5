using ScottPlot;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The pictures of <c>theory tradeoff</c> (the paper's Figures 2 and 3). On the network, per mechanism (columns):
/// sampled test accuracy against ln c, accuracy against ln R (the reliability cost the run paid), and ln RMS sigma
/// against ln c, heterogeneous (blue) and homogeneous (vermillion). In the linear model: ln L against ln c, trained
/// (points) and closed form (lines), and ln P against ln R, where the two settings' lines are parallel and
/// ln(M_a/M_1) apart.
/// </summary>
public static class TradeoffFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 440;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 340;

    /// <summary>Writes <c>tradeoff.png</c> and <c>tradeoff.svg</c> to <paramref name="folder"/>; returns the paths.</summary>
    public static string[] Write(string folder, IReadOnlyList<TradeoffRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        string[] mechanisms = Mechanisms(runs.Select(r => r.Mechanism));
        var multiplot = Figure.NewGrid(3, mechanisms.Length);
        var panels = new (string X, string Y, Func<TradeoffRun, double> Fx, Func<TradeoffRun, double> Fy, Alignment Legend)[]
        {
            ("ln c (cost c sigma^-rho per synapse)", "test accuracy, sampled weights (%)", r => Math.Log(r.C), r => 100 * r.AccuracySampled, Alignment.LowerLeft),
            ("ln R = ln sum (1/rho)(s/sigma)^rho", "test accuracy, sampled weights (%)", r => Math.Log(r.ReliabilityCost), r => 100 * r.AccuracySampled, Alignment.LowerRight),
            ("ln c", "ln RMS sigma over weights", r => Math.Log(r.C), r => Math.Log(r.RmsSigma), Alignment.UpperLeft),
        };
        foreach (var panel in panels)
        {
            foreach (string m in mechanisms)
            {
                var plot = new Plot();
                int k = 0;
                foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
                {
                    TradeoffRun[] these = [.. runs.Where(r => r.Mechanism == m && r.Setting == setting).OrderBy(panel.Fx)];
                    if (these.Length > 0)
                    {
                        var line = plot.Add.Scatter(these.Select(panel.Fx).ToArray(), these.Select(panel.Fy).ToArray(), Figure.Series(k));
                        line.MarkerSize = 7;
                        line.LineWidth = 2;
                        line.LegendText = setting == NoiseSetting.Heterogeneous ? "heterogeneous (a sigma per synapse)" : "homogeneous (one sigma)";
                    }

                    k++;
                }

                plot.Title(Title(m, runs.First(r => r.Mechanism == m).Rho));
                plot.XLabel(panel.X);
                plot.YLabel(panel.Y);
                plot.ShowLegend(panel.Legend);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "tradeoff", multiplot, mechanisms.Length * PanelWidth, 3 * PanelHeight);
    }

    /// <summary>Writes <c>tradeoff_linear.png</c> and <c>.svg</c>: the linear model's losses and excess costs against the closed forms.</summary>
    public static string[] WriteLinear(string folder, IReadOnlyList<LinearTradeoffRun> runs, IReadOnlyList<LinearTradeoffSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(summaries);
        string[] mechanisms = Mechanisms(runs.Select(r => r.Mechanism));
        var multiplot = Figure.NewGrid(2, mechanisms.Length);
        foreach (bool excess in new[] { false, true })
        {
            foreach (string m in mechanisms)
            {
                var plot = new Plot();
                int k = 0;
                foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
                {
                    LinearTradeoffRun[] these = [.. runs.Where(r => r.Mechanism == m && r.Setting == setting).OrderBy(r => r.C)];
                    if (these.Length > 0)
                    {
                        string name = setting == NoiseSetting.Heterogeneous ? "het" : "hom";
                        double[] x = [.. these.Select(r => Math.Log(excess ? r.ReliabilityCost : r.C))];
                        double[] y = [.. these.Select(r => Math.Log(excess ? r.ExcessCost : r.Loss))];
                        Figure.Points(plot, x, y, Figure.Series(k), $"{name}, trained", size: 8);
                        if (!excess)
                        {
                            Figure.Curve(plot, x, [.. these.Select(r => Math.Log(r.ClosedLoss))], Figure.Series(k), $"{name}, closed form L_{name}", dashed: true);
                        }
                        else
                        {
                            // P = (1/2)(s^rho/(rho R))^(2/rho) K: a line of slope -2/rho through the trained points' mean.
                            double rho = these[0].Rho, slope = -2 / rho, intercept = y.Zip(x, (yy, xx) => yy - (slope * xx)).Average();
                            Figure.Line(plot, x.Min(), x.Max(), (slope, intercept), Figure.Series(k), $"{name}, slope -2/rho", dashed: true);
                        }
                    }

                    k++;
                }

                LinearTradeoffSummary? s = summaries.FirstOrDefault(x => x.Mechanism == m);
                plot.Title(Title(m, runs.First(r => r.Mechanism == m).Rho) + (excess && s is not null ? FormattableString.Invariant($", M_a/M_1 = {s.PowerMeanRatio:F4}") : string.Empty));
                plot.XLabel(excess ? "ln R (reliability cost)" : "ln c");
                plot.YLabel(excess ? "ln P = ln (1/2) sum h_i sigma_i^2" : "ln L (total cost at the optimum)");
                plot.ShowLegend(excess ? Alignment.UpperRight : Alignment.UpperLeft);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "tradeoff_linear", multiplot, mechanisms.Length * PanelWidth, 2 * PanelHeight);
    }

    private static string[] Mechanisms(IEnumerable<string> names)
    {
        string[] result = [.. names.Distinct()];
        return result.Length > 0 ? result : throw new ArgumentException("no runs to draw.", nameof(names));
    }

    private static string Title(string mechanism, double rho) => FormattableString.Invariant(
        $"{mechanism}{(mechanism.StartsWith("rho=", StringComparison.Ordinal) ? string.Empty : $" (rho {rho:0.###})")}");
}
