using ScottPlot;
using Theory.Plasticity;

namespace Theory.Figures;

/// <summary>
/// The pictures of <c>theory plasticity</c>: fitted against true coefficients, theta_110 and theta_021 over the fit,
/// and teacher against fitted activity for a few units from a held-out start; and the sweep's heat maps of held-out
/// R^2 over noise x observed fraction.
/// </summary>
public static class PlasticityFigure
{
    /// <summary>Width of one panel in pixels.</summary>
    public const int PanelWidth = 460;

    /// <summary>Height of one panel in pixels.</summary>
    public const int PanelHeight = 400;

    /// <summary>Writes <c>plasticity.png</c> and <c>.svg</c>; returns the paths.</summary>
    public static string[] Write(string folder, PlasticitySettings settings, PlasticityResult result)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(result);
        PlasticitySeed first = result.Seeds[0];
        var multiplot = Figure.NewGrid(1, 3);

        var coefficients = new Plot();
        int[] free = first.Fit.Free;
        double[] truth = [.. free.Select(k => settings.Truth[k])];
        for (int s = 0; s < result.Seeds.Length; s++)
        {
            Figure.Points(coefficients, truth, [.. free.Select(k => result.Seeds[s].Fit.Theta[k])], Figure.Series(s, 0.7), s == 0 ? "fitted (each seed)" : string.Empty, size: 6);
        }

        double lo = Math.Min(truth.Min(), -1), hi = Math.Max(truth.Max(), 1);
        Figure.Line(coefficients, lo, hi, (1, 0), Figure.Colour(2), "fitted = true", dashed: true);
        coefficients.Title(FormattableString.Invariant($"{free.Length} coefficients"));
        coefficients.XLabel("true theta_abc");
        coefficients.YLabel("fitted theta_abc");
        coefficients.ShowLegend(Alignment.UpperLeft);
        multiplot.Subplots.Add(coefficients);

        var path = new Plot();
        double[] iterations = [.. Enumerable.Range(0, first.Fit.History.Length).Select(i => (double)i)];
        int[] shown = [PlasticityRule.Index(1, 1, 0), PlasticityRule.Index(0, 2, 1)];
        for (int q = 0; q < shown.Length; q++)
        {
            int k = shown[q];
            Figure.Curve(path, iterations, [.. first.Fit.History.Select(h => h[k])], Figure.Series(q), $"theta_{PlasticityRule.Label(k)} ({PlasticityRule.Monomial(k)})");
            Figure.Line(path, 0, Math.Max(1, iterations[^1]), (0, settings.Truth[k]), Figure.Series(q), $"true {settings.Truth[k]:G3}", dashed: true);
        }

        path.Title("over the fit");
        path.XLabel(settings.Fit.Optimizer == "lm" ? "Levenberg-Marquardt iteration" : "Adam epoch");
        path.YLabel("theta");
        path.ShowLegend(Alignment.MiddleRight);
        multiplot.Subplots.Add(path);

        var activity = new Plot();
        var model = new PlasticityModel(settings.Inputs, settings.Outputs, settings.Activation, settings.Eta);
        Trajectory start = PlasticityData.Starts(model, settings.Recording, PlasticityFit.Stream(settings.Recording.Seed, 50), 1)[0];
        int steps = settings.Recording.Steps, m = settings.Outputs;
        double[] yTrue = new double[steps * m], yFit = new double[steps * m];
        model.Simulate(settings.Truth, start, steps, yTrue);
        bool diverged = model.Simulate(first.Fit.Theta, start, steps, yFit) >= 0;
        // Two units over the first 40 steps: enough to see the fitted rule track the teacher, few enough to read.
        int window = Math.Min(steps, 40);
        double[] time = [.. Enumerable.Range(0, window).Select(t => (double)t)];
        for (int j = 0; j < Math.Min(2, m); j++)
        {
            Figure.Curve(activity, time, [.. Enumerable.Range(0, window).Select(t => yTrue[(t * m) + j])], Figure.Series(j), $"unit {j + 1}, teacher");
            if (!diverged)
            {
                Figure.Curve(activity, time, [.. Enumerable.Range(0, window).Select(t => yFit[(t * m) + j])], Figure.Series(j), $"unit {j + 1}, fitted rule", dashed: true);
            }
        }

        activity.Title(diverged ? "held-out start (the fitted rule diverges)" : "held-out start: teacher and fitted rule");
        activity.XLabel("step t");
        activity.YLabel("y_tj");
        activity.ShowLegend(Edge.Bottom);
        multiplot.Subplots.Add(activity);
        return Figure.Save(folder, "plasticity", multiplot, 3 * PanelWidth, PanelHeight);
    }

    /// <summary>Writes <c>plasticity_sweep.png</c> and <c>.svg</c>: median held-out R^2 of the weights, of the activity and of the weight changes per cell.</summary>
    public static string[] WriteSweep(string folder, double[] noises, double[] observed, PlasticitySweep.Cell?[] cells)
    {
        ArgumentNullException.ThrowIfNull(noises);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(cells);
        var multiplot = Figure.NewGrid(1, 3);
        foreach ((string title, Func<PlasticitySweep.Cell, double> value) in new (string, Func<PlasticitySweep.Cell, double>)[]
        {
            ("held-out R^2, weights", c => c.R2Weights),
            ("held-out R^2, activity", c => c.R2Activity),
            ("held-out R^2, weight changes", c => c.R2Changes),
        })
        {
            var plot = new Plot();
            var grid = new double[noises.Length, observed.Length];
            for (int a = 0; a < noises.Length; a++)
            {
                for (int b = 0; b < observed.Length; b++)
                {
                    // rows drawn top to bottom: the largest noise at the bottom
                    grid[a, b] = cells[(a * observed.Length) + b] is { } c ? Math.Max(0, value(c)) : double.NaN;
                    if (cells[(a * observed.Length) + b] is { } cell)
                    {
                        var label = plot.Add.Text(FormattableString.Invariant($"{value(cell):F4}"), b, noises.Length - 1 - a);
                        label.LabelFontSize = 11;
                        label.LabelAlignment = Alignment.MiddleCenter;
                    }
                }
            }

            var heatmap = plot.Add.Heatmap(grid);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
            plot.Add.ColorBar(heatmap);
            plot.MoveToBack(heatmap);
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, observed.Length).Select(b => (double)b)], [.. observed.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture))]);
            plot.Axes.Left.SetTicks([.. Enumerable.Range(0, noises.Length).Select(a => (double)(noises.Length - 1 - a))], [.. noises.Select(v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture))]);
            plot.Title(title);
            plot.XLabel("observed fraction of output units");
            plot.YLabel("noise / SD(y*)");
            multiplot.Subplots.Add(plot);
        }

        return Figure.Save(folder, "plasticity_sweep", multiplot, 3 * 520, PanelHeight);
    }
}
