using ScottPlot;
using Theory.Experimental;

namespace Theory.Figures;

/// <summary>
/// The pictures of <c>theory data</c> (the paper's Figure 6; THEORY.md section 12): each data set on log axes with its
/// OLS line and the theories' predicted exponents drawn through the points' centroid (the theories give slopes, not
/// levels): the energy-efficient exponents as a shaded fan between the smallest and the largest, every other theory's
/// as a dashed line.
/// </summary>
public static class DataFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 600;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 600;

    /// <summary>
    /// Writes <c>data_ko2013.png</c> and <c>.svg</c>: ln(var/mean) and ln var against ln r, a panel each; <paramref name="credit"/>
    /// (the data's attribution, which CC BY asks for wherever the data are plotted) goes in the corner of each panel.
    /// </summary>
    public static string[] WriteKo(string folder, KoAnalysis analysis, string? credit = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var multiplot = Figure.NewGrid(1, 2);
        foreach (LogLogFit fit in new[] { analysis.NormalisedVariability, analysis.Variance })
        {
            var plot = new Plot();
            Figure.Points(plot, fit.LogX, fit.LogY, Figure.Colour(0, 0.6), FormattableString.Invariant($"{fit.Count} connections (Ko et al. 2013)"), size: 5);
            Lines(plot, fit, analysis.Predictions);
            plot.Title(FormattableString.Invariant($"{fit.Label}: slope {fit.Slope:F2} [{fit.Ci.Low:F2}, {fit.Ci.High:F2}], r {fit.Pearson.R:F2}"));
            plot.XLabel("ln r (inferred presynaptic rate, foopsi)");
            plot.YLabel(fit.Label == "var" ? "ln var (EPSP amplitude variance)" : "ln (var / mean) (normalised variability)");
            plot.ShowLegend(Edge.Bottom); // below the axes: the points fill the panel
            Credit(plot, credit);
            multiplot.Subplots.Add(plot);
        }

        return Figure.Save(folder, "data_ko2013", multiplot, 2 * PanelWidth, PanelHeight);
    }

    /// <summary>
    /// Writes <c>data_sjostrom.png</c> and <c>.svg</c>: ln dw_rel against ln CV, each set in its colour, with the
    /// pooled fit (or the one set's) and the predictions through its centroid.
    /// </summary>
    public static string[] WriteSjostrom(string folder, SjostromAnalysis analysis, string? credit = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var multiplot = Figure.NewGrid(1, 1);
        var plot = new Plot();
        LogLogFit[] sets = analysis.Fits.Length > 1 ? analysis.Fits[..^1] : analysis.Fits;
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
        for (int k = 0; k < sets.Length; k++)
        {
            var points = plot.Add.Markers(sets[k].LogX, sets[k].LogY, shapes[k % shapes.Length], 7, Figure.Colour(SetColours[k % SetColours.Length], 0.7));
            points.LegendText = FormattableString.Invariant($"{sets[k].Label}: {sets[k].Count} recordings, slope {sets[k].Slope:F2}, r {sets[k].Pearson.R:F2}");
        }

        LogLogFit main = analysis.Fits[^1];
        Lines(plot, main, analysis.Predictions);
        plot.Title(FormattableString.Invariant($"{main.Label}: slope {main.Slope:F2} [{main.Ci.Low:F2}, {main.Ci.High:F2}], r {main.Pearson.R:F2} (p {main.Pearson.P:G2})"));
        plot.XLabel("ln CV before plasticity, CV = sqrt((1 - Pr) / Pr)");
        plot.YLabel("ln dw_rel (relative weight change)");
        plot.ShowLegend(Edge.Bottom);
        Credit(plot, credit);
        multiplot.Subplots.Add(plot);
        return Figure.Save(folder, "data_sjostrom", multiplot, PanelWidth + (PanelWidth / 3), PanelHeight + (PanelHeight / 6));
    }

    // The fit in vermillion; the energy-efficient exponents (one per mechanism) as a shaded fan through the centroid
    // between the smallest and the largest, named by their range; every other theory's exponent dashed through it.
    private static void Lines(Plot plot, LogLogFit fit, Prediction[] predictions)
    {
        double x0 = fit.LogX.Min(), x1 = fit.LogX.Max();
        double cx = fit.LogX.Average(), cy = fit.LogY.Average();
        Prediction[] efficient = [.. predictions.Where(p => p.Theory.StartsWith(EnergyEfficient, StringComparison.Ordinal))];
        if (efficient.Length > 0)
        {
            double low = efficient.Min(p => p.Exponent), high = efficient.Max(p => p.Exponent);
            double[] xs = [.. Enumerable.Range(0, 41).Select(k => x0 + ((x1 - x0) * k / 40))];
            var fan = plot.Add.FillY(xs, [.. xs.Select(x => cy + (low * (x - cx)))], [.. xs.Select(x => cy + (high * (x - cx)))]);
            fan.FillColor = Figure.Colour(3, 0.3);
            fan.LineWidth = 0;
            fan.LegendText = FormattableString.Invariant(
                $"energy-efficient, {low:F2} to {high:F2}: {string.Join(", ", efficient.Select(p => p.Theory[EnergyEfficient.Length..].Split(' ')[0]))}");
        }

        Figure.Line(plot, x0, x1, (fit.Slope, fit.Intercept), Figure.Colour(1), FormattableString.Invariant($"fit: slope {fit.Slope:F2} [{fit.Ci.Low:F2}, {fit.Ci.High:F2}]"));
        Prediction[] others = [.. predictions.Except(efficient)];
        for (int k = 0; k < others.Length; k++)
        {
            double slope = others[k].Exponent;
            Figure.Line(plot, x0, x1, (slope, cy - (slope * cx)), k == 0 ? Figure.Colour(2) : Figure.Series(k + 3), FormattableString.Invariant($"{others[k].Theory}: {slope:F2}"), dashed: true);
        }
    }

    private static void Credit(Plot plot, string? credit)
    {
        if (credit is not null)
        {
            var note = plot.Add.Annotation(credit, Alignment.UpperRight);
            note.LabelFontSize = 10;
            note.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            note.LabelShadowColor = Colors.Transparent;
        }
    }

    private const string EnergyEfficient = "energy-efficient, ";

    // Blue, orange, purple, sky blue: none is the fan's green or the fit's vermillion.
    private static readonly int[] SetColours = [0, 4, 6, 5];
}
