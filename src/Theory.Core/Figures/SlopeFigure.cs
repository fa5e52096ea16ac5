using ScottPlot;
using SkiaSharp;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The pictures of the slope table (THEORY.md sections 6 and 9): for each mechanism (columns, as the paper's Figure 5)
/// and each layer (rows), ln sigma^2 of every fitted weight against ln H, against ln of Adam's learning rate and
/// against ln of the input rate, with the fitted and the predicted lines. The Hessian figure's lines are the table's
/// own fit and closed form; the others are refitted on the same points, so they give the table's slopes.
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
    /// Writes three figures to <paramref name="folder"/>, each as PNG and SVG: <c>slopes_hessian</c> (ln sigma^2 against
    /// ln H, with the fit and the closed form's slope and intercept), <c>slopes_learning_rate</c> (against ln of Adam's
    /// learning rate, with the fit and the predicted slope 4/(2+rho) drawn through the points' centroid, since the theory
    /// gives no intercept there) and <c>slopes_input_rate</c> (against ln of the presynaptic input rate, with the fit and
    /// r), and <c>slopes_convergence</c> (the drift of ln sigma per epoch, all weights and the least important decile).
    /// Returns the paths written.
    /// </summary>
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
        var written = new List<string>();
        written.AddRange(WriteGrid(folder, "slopes_hessian", results, rows, (layer, row) =>
        {
            int[] fitted = Fitted(layer);
            return new PanelData(fitted, [.. fitted.Select(i => Math.Log(layer.Hessian[i]))], "ln H (exact Hessian diagonal)",
                (row.SlopeHessian, row.InterceptHessian), (row.AnalyticSlope, row.AnalyticIntercept), FormattableString.Invariant($"fit: slope {row.SlopeHessian:F3}"),
                FormattableString.Invariant($"closed form: slope {row.AnalyticSlope:F3}"));
        }));
        written.AddRange(WriteGrid(folder, "slopes_learning_rate", results, rows, (layer, row) =>
        {
            int[] fitted = Fitted(layer);
            double[] x = [.. fitted.Select(i => Math.Log(layer.LearningRate[i]))];
            double[] y = [.. fitted.Select(i => Math.Log(layer.SigmaSquared[i]))];
            var fit = Stats.LinearFit.Of(x, y);
            double through = y.Average() - (row.AnalyticSlopeLearningRate * x.Average());
            return new PanelData(fitted, x, "ln (Adam's learning rate)", (fit.Slope, fit.Intercept), (row.AnalyticSlopeLearningRate, through),
                FormattableString.Invariant($"fit: slope {fit.Slope:F3}"), FormattableString.Invariant($"predicted slope {row.AnalyticSlopeLearningRate:F3} (through the centroid)"),
                Rising: true);
        }));
        written.AddRange(WriteGrid(folder, "slopes_input_rate", results, rows, (layer, row) =>
        {
            int[] active = [.. Fitted(layer).Where(i => layer.InputRate[i] > 0)];
            double[] x = [.. active.Select(i => Math.Log(layer.InputRate[i]))];
            double[] y = [.. active.Select(i => Math.Log(layer.SigmaSquared[i]))];
            (double Slope, double Intercept)? line = null;
            if (active.Length >= 3 && x.Max() > x.Min())
            {
                var fit = Stats.LinearFit.Of(x, y);
                line = (fit.Slope, fit.Intercept);
            }

            return new PanelData(active, x, row.Layer == 0 ? "ln (fraction of images with the pixel on)" : "ln (fraction of examples with the unit on)",
                line, null, FormattableString.Invariant($"fit: r {row.CorrelationInputRate:F3}"), string.Empty);
        }));
        written.AddRange(WriteConvergence(folder, results, rows));
        return [.. written];
    }

    /// <summary>
    /// <c>slopes_convergence</c>: per mechanism and layer, the median change of ln sigma per epoch against epoch, over all
    /// weights and over the least important decile, with the band |drift| &lt; 1e-3 that the table calls settled.
    /// </summary>
    private static string[] WriteConvergence(string folder, IReadOnlyList<SoftmaxResult> results, IReadOnlyList<SlopeRow> rows)
    {
        int columns = results.Count, layers = results[0].Layers.Length;
        var multiplot = Figure.NewGrid(layers, columns);
        for (int layer = 0; layer < layers; layer++)
        {
            for (int m = 0; m < columns; m++)
            {
                SlopeRow row = rows.Where(r => r.Layer == layer).ElementAt(m);
                DriftCurve curve = results[m].Layers[layer].DriftByEpoch;
                double[] epochs = [.. Enumerable.Range(1, curve.Median.Length).Select(e => (double)e)];
                var plot = new Plot();
                var band = plot.Add.VerticalSpan(-1e-3, 1e-3, Figure.Colour(3, 0.2));
                band.LegendText = "settled: |drift| < 1e-3";
                Figure.Curve(plot, epochs, curve.Median, Figure.Colour(0), "median, all weights");
                Figure.Curve(plot, epochs, curve.LowestDecile, Figure.Colour(1), "median, least important decile", dashed: true);
                plot.Title(Title(row, layers > 1));
                plot.XLabel("epoch");
                plot.YLabel("change of ln sigma per epoch");
                plot.ShowLegend(Alignment.UpperRight);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "slopes_convergence", multiplot, columns * PanelWidth, layers * PanelHeight);
    }

    // "calcium (rho 0.5), layer 1"; a bare exponent is already named "rho=0.5".
    private static string Title(SlopeRow row, bool deep) => FormattableString.Invariant(
        $"{row.Mechanism}{(row.Mechanism.StartsWith("rho=", StringComparison.Ordinal) ? string.Empty : $" (rho {row.Rho:0.###})")}{(deep ? $", layer {row.Layer}" : string.Empty)}");

    private static int[] Fitted(LayerResult layer) => [.. Enumerable.Range(0, layer.Hessian.Length).Where(i => layer.Hessian[i] > 0)];

    private static string[] WriteGrid(string folder, string stem, IReadOnlyList<SoftmaxResult> results, IReadOnlyList<SlopeRow> rows, Func<LayerResult, SlopeRow, PanelData> data)
    {
        int columns = results.Count, layers = results[0].Layers.Length;
        var multiplot = Figure.NewGrid(layers, columns);
        for (int layer = 0; layer < layers; layer++)
        {
            for (int m = 0; m < columns; m++)
            {
                SlopeRow row = rows.Where(r => r.Layer == layer).ElementAt(m); // within a layer, rows are in run order
                LayerResult result = results[m].Layers[layer];
                multiplot.Subplots.Add(Panel(result, row, data(result, row), layers > 1));
            }
        }

        return Figure.Save(folder, stem, multiplot, columns * PanelWidth, layers * PanelHeight);
    }

    private static Plot Panel(LayerResult layer, SlopeRow row, PanelData data, bool deep)
    {
        int stride = Math.Max(1, (data.Weights.Length + MaxPoints - 1) / MaxPoints);
        int[] shown = [.. Enumerable.Range(0, data.Weights.Length).Where(k => k % stride == 0)];
        double[] x = [.. shown.Select(k => data.X[k])];
        double[] y = [.. shown.Select(k => Math.Log(layer.SigmaSquared[data.Weights[k]]))];

        var plot = new Plot();
        Figure.Points(plot, x, y, Figure.Colour(0, 0.25), stride == 1 ? $"{data.Weights.Length} weights" : $"{shown.Length} of {data.Weights.Length} weights");
        if (data.X.Length > 0)
        {
            double x0 = data.X.Min(), x1 = data.X.Max();
            if (data.Fit is { } f)
            {
                Figure.Line(plot, x0, x1, f, Figure.Colour(1), data.FitLabel);
            }

            if (data.Prediction is { } p)
            {
                Figure.Line(plot, x0, x1, p, Figure.Colour(2), data.PredictionLabel, dashed: true);
            }
        }

        plot.Title(Title(row, deep));
        plot.XLabel(data.XLabel);
        plot.YLabel("ln sigma^2");
        plot.ShowLegend(data.Rising ? Alignment.UpperLeft : Alignment.UpperRight);
        return plot;
    }

    /// <summary>One panel's points (weight indices and their x values) and lines.</summary>
    /// <remarks>The legend goes where the points are not: upper left when they rise (<paramref name="Rising"/>), upper right when they fall.</remarks>
    private sealed record PanelData(
        int[] Weights, double[] X, string XLabel, (double Slope, double Intercept)? Fit, (double Slope, double Intercept)? Prediction, string FitLabel, string PredictionLabel,
        bool Rising = false);
}
