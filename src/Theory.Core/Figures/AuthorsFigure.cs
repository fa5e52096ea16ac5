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

    /// <summary>
    /// Writes <c>figure5_vs_authors.png</c> and <c>.svg</c>: per rho (rows) and layer, the 2-D density of (ln Fisher,
    /// ln sigma^2) over the layer's weights for Theory's network and, beside it on the same axes and colour scale, for
    /// the authors' (log10 of the fraction of weights per cell of a 40 x 40 grid; empty cells blank), each with its OLS line.
    /// </summary>
    public static string[] WriteFigure5Comparison(string folder, IReadOnlyList<Figure5Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        double[] rhos = [.. comparisons.Select(c => c.Rho).Distinct()];
        int layers = comparisons.Max(c => c.Layer) + 1;
        var multiplot = Figure.NewGrid(rhos.Length, 2 * layers);
        foreach (double rho in rhos)
        {
            for (int l = 0; l < layers; l++)
            {
                Figure5Comparison? c = comparisons.FirstOrDefault(x => x.Rho == rho && x.Layer == l);
                if (c is null)
                {
                    multiplot.Subplots.Add(new Plot());
                    multiplot.Subplots.Add(new Plot());
                    continue;
                }

                // One extent and one colour range for the pair: the 0.5-99.5% range of both clouds together.
                double[] xs = [.. c.LnFisher.Concat(c.AuthorsLnFisher).Where(double.IsFinite).Order()];
                double[] ys = [.. c.LnVariance.Concat(c.AuthorsLnVariance).Where(double.IsFinite).Order()];
                (double x0, double x1) = (xs[(int)(0.005 * (xs.Length - 1))], xs[(int)(0.995 * (xs.Length - 1))]);
                (double y0, double y1) = (ys[(int)(0.005 * (ys.Length - 1))], ys[(int)(0.995 * (ys.Length - 1))]);
                (x0, x1, y0, y1) = (x0 - (0.02 * (x1 - x0)) - 1e-9, x1 + (0.02 * (x1 - x0)) + 1e-9, y0 - (0.02 * (y1 - y0)) - 1e-9, y1 + (0.02 * (y1 - y0)) + 1e-9);
                double[,] mine = Density(c.LnFisher, c.LnVariance, x0, x1, y0, y1), theirs = Density(c.AuthorsLnFisher, c.AuthorsLnVariance, x0, x1, y0, y1);
                double low = Math.Min(Min(mine), Min(theirs)), high = Math.Max(Max(mine), Max(theirs));
                foreach ((string who, double[,] grid, double[] x, double[] y, LogFit fit) in new[]
                {
                    ("Theory", mine, c.LnFisher, c.LnVariance, c.Fit),
                    ("authors", theirs, c.AuthorsLnFisher, c.AuthorsLnVariance, c.AuthorsFit),
                })
                {
                    var plot = new Plot();
                    var heatmap = plot.Add.Heatmap(grid);
                    heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
                    heatmap.ManualRange = new ScottPlot.Range(low, high);
                    heatmap.Extent = new CoordinateRect(x0, x1, y0, y1);
                    plot.Add.ColorBar(heatmap).Label = "log10 fraction of weights";
                    int[] kept = [.. Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i]))];
                    if (kept.Length >= 3)
                    {
                        LinearFit line = LinearFit.Of([.. kept.Select(i => x[i])], [.. kept.Select(i => y[i])]);
                        Figure.Line(plot, x0, x1, (line.Slope, line.Intercept), Figure.Colour(1), FormattableString.Invariant($"OLS slope {fit.Slope:F3}"));
                    }

                    plot.Axes.SetLimits(x0, x1, y0, y1);
                    (int inputs, int outputs) = AuthorsData.Figure5Layers[Math.Min(l, AuthorsData.Figure5Layers.Length - 1)];
                    plot.Title(FormattableString.Invariant($"{who}, rho {rho:0.###}, layer {l} ({inputs} -> {outputs})"));
                    plot.XLabel("ln Fisher (their units: F / B)");
                    plot.YLabel("ln sigma^2");
                    plot.ShowLegend(Alignment.LowerLeft);
                    multiplot.Subplots.Add(plot);
                }
            }
        }

        return Figure.Save(folder, "figure5_vs_authors", multiplot, 2 * layers * PanelWidth, rhos.Length * PanelHeight);
    }

    private const int Bins = 40;

    // log10 of the fraction of the points per cell, row 0 at the top (as the heat map draws it); NaN (blank) where empty.
    private static double[,] Density(double[] x, double[] y, double x0, double x1, double y0, double y1)
    {
        var grid = new double[Bins, Bins];
        int total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                continue;
            }

            total++;
            int bx = (int)Math.Floor((x[i] - x0) / (x1 - x0) * Bins), by = (int)Math.Floor((y[i] - y0) / (y1 - y0) * Bins);
            if (bx >= 0 && bx < Bins && by >= 0 && by < Bins)
            {
                grid[Bins - 1 - by, bx]++;
            }
        }

        for (int r = 0; r < Bins; r++)
        {
            for (int k = 0; k < Bins; k++)
            {
                grid[r, k] = grid[r, k] > 0 ? Math.Log10(grid[r, k] / total) : double.NaN;
            }
        }

        return grid;
    }

    private static double Min(double[,] grid) => grid.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(-6).Min();

    private static double Max(double[,] grid) => grid.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).Max();
}
