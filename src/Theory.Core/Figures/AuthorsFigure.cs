using ScottPlot;
using Theory.Authors;
using Theory.Stats;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The pictures of <c>theory authors --plot</c>, drawn from the authors' own arrays: their Figures 2-3 (sampled
/// accuracy and ln RMS sigma against ln c per rho, heterogeneous and homogeneous) and their Figure 5 (ln sigma^2
/// against ln Fisher per weight, per rho and layer, with the OLS line and the closed form's slope).
/// </summary>
public static class AuthorsFigure
{
    private const int PanelWidth = 420;
    private const int PanelHeight = 330;

    /// <summary>Writes <c>authors_tradeoff.png</c> and <c>.svg</c>; returns the paths.</summary>
    public static string[] WriteTradeoff(string folder, string version, IReadOnlyList<AuthorsTradeoffPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double[] rhos = [.. points.Select(p => p.Rho).Distinct().Order()];
        var multiplot = Figure.NewGrid(2, rhos.Length);
        foreach ((string y, Func<AuthorsTradeoffPoint, double> f, Alignment legend) in new (string, Func<AuthorsTradeoffPoint, double>, Alignment)[]
        {
            ("test accuracy, sampled weights (%)", p => 100 * p.AccuracySampled, Alignment.LowerLeft),
            ("ln RMS sigma over weights", p => Math.Log(p.RmsSigma), Alignment.UpperLeft),
        })
        {
            foreach (double rho in rhos)
            {
                var plot = new Plot();
                int k = 0;
                foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
                {
                    AuthorsTradeoffPoint[] these = [.. points.Where(p => p.Rho == rho && p.Setting == setting && double.IsFinite(f(p))).OrderBy(p => p.C)];
                    if (these.Length > 0)
                    {
                        var line = plot.Add.Scatter(these.Select(p => Math.Log(p.C)).ToArray(), these.Select(f).ToArray(), Figure.Series(k));
                        line.MarkerSize = 7;
                        line.LineWidth = 2;
                        line.LegendText = setting == NoiseSetting.Heterogeneous ? "heterogeneous" : "homogeneous";
                    }

                    k++;
                }

                plot.Title(FormattableString.Invariant($"authors' arrays {version}, rho = {rho:0.####}"));
                plot.XLabel(version == "v1" ? "ln c" : "ln c (grid inferred)");
                plot.YLabel(y);
                plot.ShowLegend(legend);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "authors_tradeoff", multiplot, rhos.Length * PanelWidth, 2 * PanelHeight);
    }

    /// <summary>
    /// Writes <c>authors_figure5.png</c> and <c>.svg</c>: per rho (rows) and layer (columns), ln sigma^2 against ln of
    /// their Fisher for every weight (at most <paramref name="maxPoints"/> drawn, evenly spaced), the OLS line, and a
    /// line of the closed form's slope -2/(2+rho) through the same centre.
    /// </summary>
    public static string[] WriteFigure5(string folder, IReadOnlyList<double> rhos, int maxPoints = 4000)
    {
        ArgumentNullException.ThrowIfNull(rhos);
        var multiplot = Figure.NewGrid(rhos.Count, AuthorsData.Figure5Layers.Length);
        foreach (double rho in rhos)
        {
            int index = Array.FindIndex(AuthorsData.Rhos, r => Math.Abs(r - rho) < 1e-3);
            for (int l = 0; l < AuthorsData.Figure5Layers.Length; l++)
            {
                AuthorsLayer layer = AuthorsData.Figure5(index, l);
                int[] kept = [.. Enumerable.Range(0, layer.Variance.Length).Where(i => layer.Fisher[i] > 0 && layer.Variance[i] > 0)];
                double[] x = [.. kept.Select(i => Math.Log(layer.Fisher[i]))], y = [.. kept.Select(i => Math.Log(layer.Variance[i]))];
                int step = Math.Max(1, x.Length / maxPoints);
                var plot = new Plot();
                Figure.Points(plot, [.. x.Where((_, i) => i % step == 0)], [.. y.Where((_, i) => i % step == 0)], Figure.Series(0, 0.25), "weights", 2);
                if (x.Length >= 3)
                {
                    LinearFit fit = LinearFit.Of(x, y);
                    double x0 = x.Min(), x1 = x.Max(), mx = x.Average(), my = y.Average();
                    Figure.Line(plot, x0, x1, (fit.Slope, fit.Intercept), Figure.Series(1), FormattableString.Invariant($"OLS slope {fit.Slope:F3}"));
                    double predicted = Analytic.PredictedSlopes.VersusImportance(rho);
                    Figure.Line(plot, x0, x1, (predicted, my - (predicted * mx)), Figure.Colour(2), FormattableString.Invariant($"closed form {predicted:F3}"), dashed: true);
                }

                (int inputs, int outputs) = AuthorsData.Figure5Layers[l];
                plot.Title(FormattableString.Invariant($"rho = {rho:0.####}, layer {l} ({inputs} -> {outputs})"));
                plot.XLabel("ln Fisher (their mean squared gradient)");
                plot.YLabel("ln sigma^2");
                plot.ShowLegend(Alignment.UpperRight);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "authors_figure5", multiplot, AuthorsData.Figure5Layers.Length * PanelWidth, rhos.Count * PanelHeight);
    }
}
