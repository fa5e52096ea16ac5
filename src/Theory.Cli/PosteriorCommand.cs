using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory posterior</c>: energy-efficient noise against the posterior variance of a variational Bayes network trained on
/// the same data (the paper's Figure 7; THEORY.md sections 4, 6 and 11), weight by weight, on the engine of <c>theory slopes</c>.
/// </summary>
internal static class PosteriorCommand
{
    public static Command Create()
    {
        var trainer = new TrainerOptions();
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents to run instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var grid = new Option<string?>("--c") { Description = "Cost coefficients c = lambda s^rho / rho for every mechanism, FROM:TO:COUNT log-spaced; default per mechanism s^rho / rho (lambda 1) times 0.1, 1 and 10." };
        var priorSigma = new Option<double?>("--prior-sigma") { Description = "Prior sigma_0 of the VI network (and of the Laplace variance 1/(H + 1/sigma_0^2)); default sqrt(2)/kappa, the Laplace prior that the energy-efficient network's L1 cost kappa |mu| stands for (141 at kappa 0.01)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Write posterior.txt/json and per-weight .npy arrays (each run's sigma^2 and H per layer, the VI network's v and H) to this folder." };
        var plot = new Option<string?>("--plot") { Description = "Write posterior.png and .svg: ln sigma^2 against ln v per mechanism (the middle c), the fitted slope against rho (Figure 7b) and against c (Figure 7c)." };

        var command = new Command("posterior", "Energy-efficient noise against the variational-Bayes posterior variance, weight by weight (Figure 7).");
        foreach (Option o in new Option[] { rho, grid, priorSigma, json, output, plot }.Concat(trainer.All))
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            var mechanisms = CliApp.Runs(parse.GetValue(rho));
            int threads = trainer.ThreadCount(parse);
            double s = parse.GetValue(trainer.S);
            double[]? cs = parse.GetValue(grid) is { } text ? TradeoffCommand.ParseGrid(text) : null;
            var tasks = mechanisms.SelectMany(m => (cs ?? PosteriorComparison.DefaultCs(m.Rho, s)).Select(c => (m.Name, m.Rho, c))).ToList();
            int runs = tasks.Count + 1;
            SoftmaxTrainingOptions shared = trainer.Build(parse, mechanisms[0].Rho, 1, parse.GetValue(trainer.Seed), Math.Max(1, threads / runs)) with
            {
                PriorSigma = parse.GetValue(priorSigma), FisherEpochs = 1,
            };
            shared.Validate();
            (shared with { Objective = TrainingObjective.Variational }).Validate();
            NetworkConvention saveAs = trainer.SaveConvention(parse);

            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? folder = folders.Out, plotFolder = folders.Plot;
            var (train, test, source) = trainer.LoadData(parse);

            PosteriorComparison.Result result = null!;
            if (CliApp.ProgressConsole(parse.GetValue(trainer.Quiet)) is { } console)
            {
                int epochs = (shared.Converge ? shared.MaxEpochs : shared.Epochs) + shared.FisherEpochs;
                console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask[] bars = [.. Enumerable.Range(0, runs).Select(i => ctx.AddTask(Markup.Escape(i == 0 ? "variational Bayes" : $"{tasks[i - 1].Name} c {G(tasks[i - 1].c)}"), maxValue: epochs))];
                        result = PosteriorComparison.Run(train, test, shared, tasks, threads, (i, e) =>
                            bars[i].Value = (e.Phase == "train" ? 0 : epochs - shared.FisherEpochs) + e.Epoch);
                    });
            }
            else
            {
                result = PosteriorComparison.Run(train, test, shared, tasks, threads);
            }

            string textOut = Text(result, train.Count, source);
            string jsonText = Json(result);
            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : textOut);
            if (plotDir is not null)
            {
                Figures.PosteriorFigure.Write(folders.PlotPath(plotDir)!, result);
                plotFolder?.Complete(parse);
            }

            if (folder is not null)
            {
                CliApp.WriteAtomically(Path.Combine(folder.Path, "posterior.txt"), w => w.Write(textOut));
                CliApp.WriteAtomically(Path.Combine(folder.Path, "posterior.json"), w => w.Write(jsonText + "\n"));
                foreach (LayerResult layer in result.ViRun.Layers)
                {
                    NpyWriter.Write(Path.Combine(folder.Path, $"vi_layer{layer.Layer}_variance.npy"), layer.SigmaSquared, layer.Outputs, layer.Inputs);
                    NpyWriter.Write(Path.Combine(folder.Path, $"vi_layer{layer.Layer}_hessian.npy"), layer.Hessian, layer.Outputs, layer.Inputs);
                }

                NetworkOutput.Write(folder.Path, "vi", result.ViRun, saveAs);
                for (int t = 0; t < result.Tasks.Length; t++)
                {
                    NetworkOutput.Write(folder.Path, $"{result.Tasks[t].Mechanism.Replace('=', '_')}_c{result.Tasks[t].C.ToString("R", CultureInfo.InvariantCulture)}", result.Runs[t], saveAs);
                    foreach (LayerResult layer in result.Runs[t].Layers)
                    {
                        string stem = Path.Combine(folder.Path, $"{result.Tasks[t].Mechanism.Replace('=', '_')}_c{result.Tasks[t].C.ToString("R", CultureInfo.InvariantCulture)}_layer{layer.Layer}");
                        NpyWriter.Write(stem + "_sigma2.npy", layer.SigmaSquared, layer.Outputs, layer.Inputs);
                        NpyWriter.Write(stem + "_hessian.npy", layer.Hessian, layer.Outputs, layer.Inputs);
                    }
                }

                folder.Complete(parse);
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static string Text(PosteriorComparison.Result r, int trainCount, string source)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        SoftmaxTrainingOptions o = r.ViRun.Options;
        w.WriteLine($"MNIST from {source} ({trainCount} training images), network {r.ViRun.Shape}, {o.Epochs} epochs, {o.Estimator.ToString().ToLowerInvariant()} estimator, lr {Theory.Guard.Format(o.LearningRate)}, seed {o.Seed}");
        w.WriteLine($"variational Bayes: mean-field Gaussian, prior N(0, sigma_0^2) with sigma_0 = {G(r.PriorSigma)}, (B/N) KL per minibatch; energy-efficient: s {Theory.Guard.Format(o.S)}, kappa {Theory.Guard.Format(o.Kappa)}, lambda = c rho / s^rho");
        w.WriteLine("slope = d ln sigma^2 / d ln v (VI) and d ln sigma^2 / d ln (1/(H + 1/sigma_0^2)) (Laplace, H exact); analytic 2/(2+rho), and with the finite prior at these H; level = median ln(sigma^2 / sigma*^2(H))");
        foreach (int layer in r.Rows.Select(x => x.Layer).Distinct())
        {
            w.WriteLine();
            if (r.ViRun.Layers.Length > 1)
            {
                LayerResult l = r.ViRun.Layers[layer];
                w.WriteLine($"layer {layer} ({l.Inputs} -> {l.Outputs})");
            }

            var table = new TextTable("mechanism", "c", "slope vs ln v", "95% CI", "r", "slope vs Laplace", "95% CI", "analytic", "finite prior", "level", "weights");
            foreach (PosteriorComparison.Row x in r.Rows.Where(x => x.Layer == layer))
            {
                table.Add(x.Mechanism, G(x.C), TextTable.Fixed(x.SlopeVi, 4), TextTable.Interval(x.SlopeViCi, 4), TextTable.Fixed(x.RVi, 3), TextTable.Fixed(x.SlopeLaplace, 4),
                    TextTable.Interval(x.SlopeLaplaceCi, 4), TextTable.Fixed(x.Analytic, 4), TextTable.Fixed(x.AnalyticFinitePrior, 4), TextTable.Fixed(x.Level, 3), x.Fitted.ToString(CultureInfo.InvariantCulture));
            }

            table.Write(w);
            PosteriorComparison.ViLayer vi = r.Vi[layer];
            w.WriteLine($"VI against its own Laplace variance 1/(H + 1/sigma_0^2): slope {TextTable.Fixed(vi.Slope, 4)}, median ratio {TextTable.Fixed(vi.MedianRatio, 4)} (1 and 1 at the quadratic optimum)");
        }

        w.WriteLine();
        w.WriteLine("slope against c (Figure 7c; layer 0): the paper reports slopes below 1 that rise towards 1 as c falls");
        var trend = new TextTable("mechanism", "slopes, c ascending", "lowest c minus highest c", "rises as c falls");
        foreach (var g in r.Rows.Where(x => x.Layer == 0).GroupBy(x => x.Mechanism))
        {
            PosteriorComparison.Row[] byC = [.. g.OrderBy(x => x.C)];
            bool rises = byC.Zip(byC.Skip(1)).All(p => p.First.SlopeVi >= p.Second.SlopeVi);
            trend.Add(g.Key, string.Join(", ", byC.Select(x => $"{TextTable.Fixed(x.SlopeVi, 3)} (c {G(x.C)})")), TextTable.Fixed(byC[0].SlopeVi - byC[^1].SlopeVi, 3),
                byC.Length < 2 ? "n/a" : rises ? "yes" : "no");
        }

        trend.Write(w);
        w.WriteLine();
        w.WriteLine($"predictive distributions on the test set with sampled weights (one sample per {o.BatchSize} images)");
        var scores = new TextTable("network", "accuracy", "NLL", "ECE (15 bins)");
        scores.Add("variational Bayes", TextTable.Percent(r.ViRun.Sampled.Accuracy), TextTable.Fixed(r.ViRun.Sampled.NegativeLogLikelihood, 4), TextTable.Fixed(r.ViRun.Sampled.CalibrationError, 4));
        for (int t = 0; t < r.Tasks.Length; t++)
        {
            PredictiveScores p = r.Runs[t].Sampled;
            scores.Add($"{r.Tasks[t].Mechanism} c {G(r.Tasks[t].C)}", TextTable.Percent(p.Accuracy), TextTable.Fixed(p.NegativeLogLikelihood, 4), TextTable.Fixed(p.CalibrationError, 4));
        }

        scores.Write(w);
        return sb.ToString();
    }

    private static string Json(PosteriorComparison.Result r) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["prior_sigma"] = r.PriorSigma,
        ["network"] = r.ViRun.Shape.ToString(),
        ["rows"] = r.Rows.Select(x => new Dictionary<string, object?>
        {
            ["mechanism"] = x.Mechanism, ["rho"] = x.Rho, ["c"] = x.C, ["layer"] = x.Layer,
            ["slope_vi"] = x.SlopeVi, ["slope_vi_ci"] = new[] { x.SlopeViCi.Low, x.SlopeViCi.High }, ["r_vi"] = x.RVi,
            ["slope_laplace"] = x.SlopeLaplace, ["slope_laplace_ci"] = new[] { x.SlopeLaplaceCi.Low, x.SlopeLaplaceCi.High },
            ["analytic"] = x.Analytic, ["analytic_finite_prior"] = x.AnalyticFinitePrior, ["level"] = x.Level, ["weights"] = x.Fitted,
            ["accuracy"] = x.Scores.Accuracy, ["nll"] = x.Scores.NegativeLogLikelihood, ["ece"] = x.Scores.CalibrationError,
        }).ToList(),
        ["vi"] = new Dictionary<string, object?>
        {
            ["accuracy"] = r.ViRun.Sampled.Accuracy, ["nll"] = r.ViRun.Sampled.NegativeLogLikelihood, ["ece"] = r.ViRun.Sampled.CalibrationError,
            ["layers"] = r.Vi.Select(v => new Dictionary<string, double> { ["layer"] = v.Layer, ["slope_laplace"] = v.Slope, ["median_ratio_laplace"] = v.MedianRatio }).ToList(),
        },
    }, JsonOutput.Options);

    private static string G(double v) => !double.IsFinite(v) ? CliApp.Number(v) : v.ToString("G3", CultureInfo.InvariantCulture);
}
