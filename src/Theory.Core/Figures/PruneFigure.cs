using ScottPlot;
using Theory.Pruning;

namespace Theory.Figures;

/// <summary>
/// The picture of <c>theory prune</c>: the pruned networks' eigenvalues against the full one's (per method, at the
/// first kept fraction), the response error over time, and eps against n when a sweep ran.
/// </summary>
public static class PruneFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 480;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 400;

    /// <summary>Writes <c>prune.png</c> and <c>prune.svg</c>; returns the paths.</summary>
    public static string[] Write(string folder, PruneExperiment.Result result, PruneSweep.Row[] sweep)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(sweep);
        PruneExperiment.KeepResult first = result.Keeps[0];
        int panels = sweep.Length > 0 ? 3 : 2;
        var multiplot = Figure.NewGrid(1, panels);

        var scatter = new Plot();
        double[] full = [.. result.Eigenvalues.Select(v => v.Real)];
        for (int m = 0; m < first.Methods.Length; m++)
        {
            Figure.Points(scatter, full, [.. first.Methods[m].Spectrum.Eigenvalues.Select(v => v.Real)], Figure.Series(m, 0.6), first.Methods[m].Method.Name(), size: 4);
        }

        Figure.Line(scatter, full.Min(), full.Max(), (1, 0), Figure.Colour(2), "equal", dashed: true);
        scatter.Title(FormattableString.Invariant($"eigenvalues (real part), keep {100 * first.Keep:G3}%"));
        scatter.XLabel("full network");
        scatter.YLabel("pruned network");
        scatter.ShowLegend(Alignment.UpperLeft);
        multiplot.Subplots.Add(scatter);

        var response = new Plot();
        for (int m = 0; m < first.Methods.Length; m++)
        {
            Figure.Curve(response, result.ResponseTimes, first.Methods[m].ResponseError, Figure.Series(m), first.Methods[m].Method.Name());
        }

        response.Title("response to the same input and noise");
        response.XLabel("t");
        response.YLabel("||x_pruned - x|| / ||x||");
        response.ShowLegend(Alignment.UpperRight);
        multiplot.Subplots.Add(response);

        if (sweep.Length > 0)
        {
            var eps = new Plot();
            double[] logN = [.. sweep.Select(r => Math.Log(r.N))];
            for (int m = 0; m < PruneExperiment.Methods.Length; m++)
            {
                Figure.Curve(eps, logN, [.. sweep.Select(r => r.Cells[m].Epsilon)], Figure.Series(m), PruneExperiment.Methods[m].Name());
            }

            Figure.Curve(eps, logN, [.. sweep.Select(r => r.KeptFraction)], Figure.Colour(2), "kept fraction K / M", dashed: true);
            eps.Title("eps at K = q n ln n synapses");
            eps.XLabel("ln n");
            eps.YLabel("eps (and kept fraction)");
            eps.ShowLegend(Alignment.UpperRight);
            multiplot.Subplots.Add(eps);
        }

        return Figure.Save(folder, "prune", multiplot, panels * PanelWidth, PanelHeight);
    }
}
