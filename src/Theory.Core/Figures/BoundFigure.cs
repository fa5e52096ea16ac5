using ScottPlot;
using Theory.Bound;

namespace Theory.Figures;

/// <summary>
/// The pictures of <c>theory bound</c> (THEORY.md section 5): the gap g = (1/rho)(s/sigma)^rho - 1/rho + ln(sigma/s)
/// between the biological reliability cost and the entropic cost, and, with <c>--linear</c>, -ELBO against its
/// biological bound per mechanism.
/// </summary>
public static class BoundFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 600;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 450;

    /// <summary>The exponents whose gap curves are drawn: the four mechanisms' and two that show the trend.</summary>
    public static readonly double[] CurveRhos = [0.1, 0.5, 2.0 / 3, 4.0 / 3, 2, 5];

    /// <summary>
    /// Writes <c>bound_gap.png</c> and <c>.svg</c>: left, ln g against ln(sigma/s) for <see cref="CurveRhos"/> (g depends
    /// on sigma/s alone; the curve dips to minus infinity at sigma = s, where the bound is tight); right, the scan's
    /// largest ln g over (s, sigma) for each rho, with the small-rho limit rho L^2/2, L the largest |ln(sigma/s)| of the
    /// grid. Returns the paths written.
    /// </summary>
    public static string[] WriteGap(string folder, GapScan.Grid grid, GapScan.Result result)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(result);
        var multiplot = Figure.NewGrid(1, 2);

        // An even number of points, symmetric about 0, never lands on sigma = s itself.
        double[] logRatio = [.. Enumerable.Range(0, 400).Select(k => -14 + (28 * (k + 0.5) / 400))];
        var curves = new Plot();
        for (int r = 0; r < CurveRhos.Length; r++)
        {
            double rho = CurveRhos[r];
            double[] logGap = [.. logRatio.Select(x => EntropyBound.LogGap(rho, 1, Math.Exp(x)))];
            Figure.Curve(curves, logRatio, logGap, Figure.Series(r), FormattableString.Invariant($"rho = {rho:0.###}"), dashed: r % 2 == 1);
        }

        curves.Title("gap between the biological and the entropic cost");
        curves.XLabel("ln (sigma / s)");
        curves.YLabel("ln g");
        curves.ShowLegend(Alignment.LowerRight);
        multiplot.Subplots.Add(curves);

        var scan = new Plot();
        double[] logRho = [.. result.Rhos.Select(rho => Math.Log(rho))];
        Figure.Points(scan, logRho, result.MaxLogGapPerRho, Figure.Colour(0), FormattableString.Invariant($"largest ln g over {grid.SCount} s x {grid.SigmaCount} sigma"), size: 5);
        double widest = Math.Max(Math.Log(grid.SMax / grid.SigmaMin), Math.Log(grid.SigmaMax / grid.SMin));
        if (widest > 0)
        {
            // ln(rho L^2 / 2) is a line of slope 1 in ln rho.
            Figure.Line(scan, logRho.Min(), logRho.Max(), (1, Math.Log(widest * widest / 2)), Figure.Colour(2),
                FormattableString.Invariant($"small-rho limit rho L^2/2, L = {widest:F1}"), dashed: true);
        }

        scan.Title(result.Violations == 0
            ? FormattableString.Invariant($"{result.Points:N0} points: no g < 0")
            : FormattableString.Invariant($"{result.Points:N0} points: {result.Violations:N0} with g < 0 or NaN"));
        scan.XLabel("ln rho");
        scan.YLabel("ln (largest g)");
        scan.ShowLegend(Alignment.UpperLeft);
        multiplot.Subplots.Add(scan);
        return Figure.Save(folder, "bound_gap", multiplot, 2 * PanelWidth, PanelHeight);
    }

    /// <summary>
    /// Writes <c>bound_elbo.png</c> and <c>.svg</c>: left, -ELBO and its biological bound for each mechanism (joined by
    /// a line whose length is the gap); right,
    /// each synapse's gap g(sigma_i*/s) against ln(sigma_i*/s), whose sum is the bound's excess. Returns the paths written.
    /// </summary>
    public static string[] WriteElbo(string folder, IReadOnlyList<LinearElboRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows to draw.", nameof(rows));
        }

        var multiplot = Figure.NewGrid(1, 2);
        // A dot plot, not bars: the two differ by a few per cent of their size, and a bar's length must start at zero.
        var bars = new Plot();
        double[] at = [.. rows.Select((_, m) => (double)m)];
        for (int m = 0; m < rows.Count; m++)
        {
            var gap = bars.Add.Line(m, rows[m].Terms.NegativeElbo, m, rows[m].Terms.Bound);
            gap.Color = Figure.Colour(2, 0.5);
            gap.LineWidth = 1.5f;
        }

        Figure.Points(bars, at, [.. rows.Select(r => r.Terms.NegativeElbo)], Figure.Colour(0), "-ELBO (Gaussian prior)", size: 10);
        var bound = bars.Add.Markers(at, [.. rows.Select(r => r.Terms.Bound)], MarkerShape.FilledSquare, 10, Figure.Colour(4));
        bound.LegendText = "biological bound (-H[q] replaced by the reliability cost)";
        bars.Axes.Bottom.SetTicks(at, [.. rows.Select(r => FormattableString.Invariant($"{r.Mechanism} ({r.Rho:0.###})"))]);
        double low = rows.Min(r => r.Terms.NegativeElbo), high = rows.Max(r => r.Terms.Bound);
        bars.Axes.SetLimits(-0.5, rows.Count - 0.5, low - (0.3 * (high - low)), high + (0.4 * (high - low)));
        bars.Title("q = N(posterior mean, sigma*^2)");
        bars.YLabel("nats");
        bars.ShowLegend(Alignment.UpperLeft);
        multiplot.Subplots.Add(bars);

        var gaps = new Plot();
        for (int m = 0; m < rows.Count; m++)
        {
            LinearElboRow row = rows[m];
            double[] x = [.. row.Sigma.Select(sigma => Math.Log(sigma / row.S))];
            double[] g = [.. row.Sigma.Select(sigma => EntropyBound.Gap(row.Rho, row.S, sigma))];
            Figure.Points(gaps, x, g, Figure.Series(m, 0.7), FormattableString.Invariant(
                $"{row.Mechanism}: sum {row.Terms.Gap:F1} nats"), size: 4);
        }

        gaps.Title("per-synapse gap at sigma*");
        gaps.XLabel("ln (sigma* / s)");
        gaps.YLabel("g (nats)");
        gaps.ShowLegend(Alignment.UpperLeft);
        multiplot.Subplots.Add(gaps);
        return Figure.Save(folder, "bound_elbo", multiplot, 2 * PanelWidth, PanelHeight);
    }
}
