using ScottPlot;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The picture of <c>theory posterior</c> (the paper's Figure 7): per mechanism, ln sigma^2 of the energy-efficient network
/// against ln v of the variational network, weight by weight (layer 0, the middle c), with the fitted and the predicted
/// lines; then the fitted slope against rho (7b) and against c (7c), with 95% CIs.
/// </summary>
public static class PosteriorFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 440;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 360;

    private const int MaxPoints = 4000;

    /// <summary>Writes <c>posterior.png</c> and <c>posterior.svg</c>; returns the paths.</summary>
    public static string[] Write(string folder, PosteriorComparison.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] mechanisms = [.. result.Tasks.Select(t => t.Mechanism).Distinct()];
        var multiplot = Figure.NewGrid(1, mechanisms.Length + 2);
        LayerResult vi = result.ViRun.Layers[0];
        foreach (string m in mechanisms)
        {
            int[] mine = [.. Enumerable.Range(0, result.Tasks.Length).Where(t => result.Tasks[t].Mechanism == m).OrderBy(t => result.Tasks[t].C)];
            int t = mine[mine.Length / 2];
            LayerResult layer = result.Runs[t].Layers[0];
            int[] used = [.. Enumerable.Range(0, layer.Hessian.Length).Where(i => layer.Hessian[i] > 0)];
            int step = Math.Max(1, used.Length / MaxPoints);
            int[] shown = [.. used.Where((_, k) => k % step == 0)];
            double[] x = [.. shown.Select(i => Math.Log(vi.SigmaSquared[i]))], y = [.. shown.Select(i => Math.Log(layer.SigmaSquared[i]))];
            PosteriorComparison.Row row = result.Rows.First(r => r.Layer == 0 && r.Mechanism == m && r.C == result.Tasks[t].C);
            var plot = new Plot();
            Figure.Points(plot, x, y, Figure.Colour(0, 0.25), "weights (layer 0)");
            double mx = x.Average(), my = y.Average();
            Figure.Line(plot, x.Min(), x.Max(), (row.SlopeVi, my - (row.SlopeVi * mx)), Figure.Colour(1), FormattableString.Invariant($"fit, slope {row.SlopeVi:F3}"));
            Figure.Line(plot, x.Min(), x.Max(), (row.Analytic, my - (row.Analytic * mx)), Figure.Colour(2), FormattableString.Invariant($"2/(2+rho) = {row.Analytic:F3}"), dashed: true);
            plot.Title(FormattableString.Invariant($"{m}, c {result.Tasks[t].C:G3}"));
            plot.XLabel("ln v (variational Bayes)");
            plot.YLabel("ln sigma^2 (energy-efficient)");
            plot.ShowLegend(Alignment.UpperLeft);
            multiplot.Subplots.Add(plot);
        }

        PosteriorComparison.Row[] first = [.. result.Rows.Where(r => r.Layer == 0)];
        var byRho = new Plot();
        double[] cs = [.. first.Select(r => r.C).Distinct().Order()];
        var groups = first.GroupBy(r => Array.IndexOf([.. result.Tasks.Where(t => t.Mechanism == r.Mechanism).Select(t => t.C).Order()], r.C)).OrderBy(g => g.Key).ToList();
        foreach (var g in groups)
        {
            PosteriorComparison.Row[] rows = [.. g.OrderBy(r => r.Rho)];
            Intervals(byRho, [.. rows.Select(r => r.Rho)], rows, Figure.Series(g.Key), $"c rank {g.Key + 1} of {groups.Count}");
        }

        double[] rhoGrid = [.. Enumerable.Range(0, 50).Select(k => 0.2 + (k * 2.0 / 49))];
        Figure.Curve(byRho, rhoGrid, [.. rhoGrid.Select(r => 2 / (2 + r))], Figure.Colour(2), "2/(2+rho)", dashed: true);
        byRho.Title("fitted slope against rho (Figure 7b)");
        byRho.XLabel("rho");
        byRho.YLabel("d ln sigma^2 / d ln v");
        byRho.ShowLegend(Alignment.UpperRight);
        multiplot.Subplots.Add(byRho);

        var byC = new Plot();
        int k2 = 0;
        foreach (var g in first.GroupBy(r => r.Mechanism))
        {
            PosteriorComparison.Row[] rows = [.. g.OrderBy(r => r.C)];
            Intervals(byC, [.. rows.Select(r => Math.Log10(r.C))], rows, Figure.Series(k2++), g.Key);
        }

        byC.Title("fitted slope against c (Figure 7c)");
        byC.XLabel("log10 c");
        byC.YLabel("d ln sigma^2 / d ln v");
        byC.ShowLegend(Alignment.LowerRight);
        multiplot.Subplots.Add(byC);
        return Figure.Save(folder, "posterior", multiplot, (mechanisms.Length + 2) * PanelWidth, PanelHeight);
    }

    // Points joined by a line, with a vertical bar for each one's 95% CI.
    private static void Intervals(Plot plot, double[] x, PosteriorComparison.Row[] rows, Color colour, string legend)
    {
        var line = plot.Add.Scatter(x, [.. rows.Select(r => r.SlopeVi)], colour);
        line.MarkerSize = 7;
        line.LineWidth = 2;
        line.LegendText = legend;
        for (int i = 0; i < x.Length; i++)
        {
            var bar = plot.Add.Line(x[i], rows[i].SlopeViCi.Low, x[i], rows[i].SlopeViCi.High);
            bar.Color = colour;
            bar.LineWidth = 1.5f;
        }
    }
}
