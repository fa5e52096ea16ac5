using ScottPlot;
using Theory.Training;

namespace Theory.Figures;

/// <summary>
/// The picture of <c>theory linear</c>'s table (THEORY.md sections 3 and 4): per mechanism (columns), the learned
/// ln sigma^2 of every fitted synapse, from the exact expected loss and from the Monte-Carlo estimator, against ln A_ii
/// (top row) and against ln v^MF (bottom row), with the closed form sigma*^2 through the same synapses.
/// </summary>
public static class LinearFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 480;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 360;

    /// <summary>Writes <c>linear_noise.png</c> and <c>linear_noise.svg</c> to <paramref name="folder"/>; returns the paths.</summary>
    /// <param name="folder">Output folder (created if missing).</param>
    /// <param name="rows">The table's rows, one per mechanism, as <see cref="LinearExperiment.Run"/> made them.</param>
    public static string[] Write(string folder, IReadOnlyList<LinearExperiment.Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows to draw.", nameof(rows));
        }

        var multiplot = Figure.NewGrid(2, rows.Count);
        foreach (bool meanField in new[] { false, true })
        {
            foreach (LinearExperiment.Row row in rows)
            {
                double[] x = [.. (meanField ? row.MeanFieldVariance : row.GramDiagonal).Select(v => Math.Log(v))];
                int[] order = [.. Enumerable.Range(0, x.Length).OrderBy(i => x[i])];
                double[] LogSquare(double[] sigma) => [.. order.Select(i => 2 * Math.Log(sigma[i]))];
                double[] sortedX = [.. order.Select(i => x[i])];

                var plot = new Plot();
                Figure.Points(plot, sortedX, LogSquare(row.Exact.Sigma), Figure.Colour(0, 0.6), "trained, exact expected loss", size: 5);
                Figure.Points(plot, sortedX, LogSquare(row.MonteCarlo.Sigma), Figure.Colour(1, 0.6), "trained, Monte-Carlo (one sample per step)", size: 3);
                Figure.Curve(plot, sortedX, LogSquare(row.SigmaStar), Figure.Colour(2), FormattableString.Invariant(
                    $"closed form sigma*^2 (slope {(meanField ? row.AnalyticSlopeMeanField : row.AnalyticSlopeImportance):F3})"), dashed: true);
                plot.Title(FormattableString.Invariant(
                    $"{row.Mechanism}{(row.Mechanism.StartsWith("rho=", StringComparison.Ordinal) ? string.Empty : $" (rho {row.Rho:0.###})")}"));
                plot.XLabel(meanField ? "ln v_MF (mean-field posterior variance)" : "ln A_ii (Gram diagonal, sigma_y^2 h_i)");
                plot.YLabel("ln sigma^2");
                plot.ShowLegend(meanField ? Alignment.UpperLeft : Alignment.UpperRight);
                multiplot.Subplots.Add(plot);
            }
        }

        return Figure.Save(folder, "linear_noise", multiplot, rows.Count * PanelWidth, 2 * PanelHeight);
    }
}
