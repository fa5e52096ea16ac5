using ScottPlot;
using SkiaSharp;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The picture of the slope table (THEORY.md sections 6 and 9): for each mechanism (columns, as the paper's Figure 5)
/// and each layer (rows), ln sigma^2 against ln H for every fitted weight, with the fitted and the analytic
/// (slope and intercept) lines. The lines come from the table's own rows, so the figure's numbers are the table's.
/// </summary>
public static class SlopeFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 480;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 360;

    /// <summary>At most this many points per panel (every k-th fitted weight, in index order); the fits use all of them.</summary>
    public const int MaxPoints = 4000;

    /// <summary>
    /// The palette: Okabe and Ito's colour-blind-safe colours, which also differ in lightness in greyscale. Points are
    /// blue, the fitted line vermillion, the analytic line black and dashed.
    /// </summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#000000", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442"];

    /// <summary>Writes <c>slopes_hessian.png</c> and <c>slopes_hessian.svg</c> to <paramref name="folder"/>; returns their paths.</summary>
    /// <param name="folder">Output folder (created if missing).</param>
    /// <param name="results">One training run per mechanism, in table order.</param>
    /// <param name="rows">The table's rows (every run's every layer), as <see cref="SlopeAnalysis.Analyze"/> made them.</param>
    public static string[] Write(string folder, IReadOnlyList<SoftmaxResult> results, IReadOnlyList<SlopeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(rows);
        if (results.Count == 0)
        {
            throw new ArgumentException("no runs to draw.", nameof(results));
        }

        Directory.CreateDirectory(folder);
        int columns = results.Count, layers = results[0].Layers.Length;
        int width = columns * PanelWidth, height = layers * PanelHeight;
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Grid(layers, columns) };
        while (multiplot.Subplots.GetPlots().Length > 0)
        {
            multiplot.Subplots.RemoveAt(0); // a new Multiplot holds one empty plot
        }

        for (int layer = 0; layer < layers; layer++)
        {
            for (int m = 0; m < columns; m++)
            {
                SlopeRow row = rows.Where(r => r.Layer == layer).ElementAt(m); // within a layer, rows are in run order
                multiplot.Subplots.Add(Panel(results[m].Layers[layer], row, layers > 1));
            }
        }

        string png = Path.Combine(folder, "slopes_hessian.png");
        string svg = Path.Combine(folder, "slopes_hessian.svg");
        WriteAtomically(png, stream =>
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            multiplot.Render(surface.Canvas, new PixelRect(0, width, height, 0));
            using SKImage image = surface.Snapshot();
            using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
            data.SaveTo(stream);
        });
        WriteAtomically(svg, stream =>
        {
            using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
            {
                multiplot.Render(canvas, new PixelRect(0, width, height, 0));
            }
        });
        return [png, svg];
    }

    private static Plot Panel(LayerResult layer, SlopeRow row, bool deep)
    {
        int[] fitted = [.. Enumerable.Range(0, layer.Hessian.Length).Where(i => layer.Hessian[i] > 0)];
        int stride = Math.Max(1, (fitted.Length + MaxPoints - 1) / MaxPoints);
        int[] shown = [.. fitted.Where((_, k) => k % stride == 0)];
        double[] x = [.. shown.Select(i => Math.Log(layer.Hessian[i]))];
        double[] y = [.. shown.Select(i => Math.Log(layer.SigmaSquared[i]))];

        var plot = new Plot();
        var points = plot.Add.Markers(x, y, MarkerShape.FilledCircle, 3, Color.FromHex(Palette[0]).WithAlpha(0.25));
        points.LegendText = stride == 1 ? $"{fitted.Length} weights" : $"{shown.Length} of {fitted.Length} weights";
        double x0 = fitted.Min(i => Math.Log(layer.Hessian[i])), x1 = fitted.Max(i => Math.Log(layer.Hessian[i]));
        var fit = plot.Add.Line(x0, row.InterceptHessian + (row.SlopeHessian * x0), x1, row.InterceptHessian + (row.SlopeHessian * x1));
        fit.Color = Color.FromHex(Palette[1]);
        fit.LineWidth = 2;
        fit.LegendText = FormattableString.Invariant($"fit: slope {row.SlopeHessian:F3}");
        var analytic = plot.Add.Line(x0, row.AnalyticIntercept + (row.AnalyticSlope * x0), x1, row.AnalyticIntercept + (row.AnalyticSlope * x1));
        analytic.Color = Color.FromHex(Palette[2]);
        analytic.LineWidth = 2;
        analytic.LinePattern = LinePattern.Dashed;
        analytic.LegendText = FormattableString.Invariant($"closed form: slope {row.AnalyticSlope:F3}");
        plot.Title(FormattableString.Invariant($"{row.Mechanism} (rho {row.Rho:0.###}){(deep ? $", layer {row.Layer}" : string.Empty)}"));
        plot.XLabel("ln H (exact Hessian diagonal)");
        plot.YLabel("ln sigma^2");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string temp = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
