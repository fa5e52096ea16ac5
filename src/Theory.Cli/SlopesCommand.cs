using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Theory.Analytic;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory slopes</c>, the main job: trains a stochastic network (by default the 784 -> 10 classifier; with
/// <c>--hidden</c> deeper ones) on MNIST for each mechanism and prints, layer by layer, the analytic against the
/// simulated slopes of THEORY.md sections 6 and 9.
/// </summary>
internal static class SlopesCommand
{
    public static Command Create()
    {
        var trainer = new TrainerOptions();
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents to run instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var lambda = new Option<double>("--lambda") { Description = "Reliability weight lambda.", DefaultValueFactory = _ => 1.0 };
        var fisherEpochs = new Option<int>("--fisher-epochs") { Description = "Epochs of squared-gradient accumulation after training.", DefaultValueFactory = _ => 10 };
        var seeds = new Option<int>("--seeds") { Description = "Independent training runs per mechanism, seeds --seed, --seed + 1, ...: the table gives each quantity's mean over them with a t-based 95% CI and the SD (JSON and CSV keep every run).", DefaultValueFactory = _ => 1 };
        var average = new Option<int>("--average") { Description = "Iterate averaging: fit on ln sigma^2 averaged per weight over the last K training epochs (0: the last epoch's sigma).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON." };
        var output = new Option<string?>("--out") { Description = "Write slopes.csv, slopes.json, per-weight .npy arrays and each trained network (MECHANISM[_seedS].safetensors, see --save-as) to this folder." };
        var plot = new Option<string?>("--plot") { Description = "Write the figures to this folder, each .png and .svg, a panel per mechanism and layer: slopes_hessian, slopes_learning_rate, slopes_input_rate (ln sigma^2 against ln H, ln learning rate, ln input rate, with the fitted and predicted lines) and slopes_convergence (drift of ln sigma per epoch)." };
        var priorSigma = new Option<double?>("--prior-sigma") { Description = "Prior sigma_0 of the diagonal Laplace posterior 1/(H + 1/sigma_0^2); default sqrt(2)/kappa." };

        var command = new Command("slopes", "Train stochastic synapses on MNIST for each mechanism; print analytic against simulated slopes.");
        foreach (Option o in new Option[] { rho, lambda, fisherEpochs, seeds, average, json, output, plot, priorSigma }.Concat(trainer.All))
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            DataSetKind kind = trainer.Kind(parse);
            WeightEstimator est = trainer.EstimatorValue(parse);
            int threadCount = trainer.ThreadCount(parse);
            ulong sd = parse.GetValue(trainer.Seed);
            int replicates = parse.GetValue(seeds);
            if (replicates is < 1 or > 1000)
            {
                throw new UsageException($"--seeds must be from 1 to 1000 (got {replicates}).");
            }

            if (sd > ulong.MaxValue - (ulong)replicates)
            {
                throw new UsageException($"--seed {sd} leaves no room for {replicates} seeds below 2^64.");
            }

            double[]? rhos = parse.GetValue(rho);
            var mechanisms = CliApp.Runs(rhos);

            // Run j is mechanism j % count with seed --seed + j / count: replicate 0 is the single run, bit for bit.
            var runs = Enumerable.Range(0, replicates).SelectMany(k => mechanisms.Select(m => (m.Name, m.Rho, Seed: sd + (ulong)k))).ToList();
            int usedThreads = Math.Min(threadCount, runs.Count);
            int innerThreads = Math.Max(1, threadCount / runs.Count);

            var options = runs.Select(r => trainer.Build(parse, r.Rho, parse.GetValue(lambda), r.Seed, innerThreads) with
            {
                FisherEpochs = parse.GetValue(fisherEpochs), PriorSigma = parse.GetValue(priorSigma), AverageEpochs = parse.GetValue(average),
            }).ToList();
            options.ForEach(o => o.Validate()); // before any download or training
            NetworkConvention saveAs = trainer.SaveConvention(parse);

            // Before the training, not after it; --plot may name the --out folder, which is then one set.
            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? outFolder = folders.Out, plotFolder = folders.Plot;

            IAnsiConsole? console = CliApp.ProgressConsole(parse.GetValue(trainer.Quiet));
            var (train, test, source) = trainer.LoadData(parse);

            var results = new SoftmaxResult[runs.Count];
            void Train(Action<int, EpochReport>? report) =>
                Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, i =>
                    results[i] = SoftmaxExperiment.Run(train, test, options[i], report is null ? null : e => report(i, e)));

            if (console is not null)
            {
                console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var tasks = runs.Select((r, i) => ctx.AddTask(Markup.Escape(Label(r.Name, r.Seed, replicates)),
                            maxValue: (options[i].Converge ? options[i].MaxEpochs : options[i].Epochs) + options[i].FisherEpochs)).ToArray();
                        Train((i, e) =>
                        {
                            ProgressTask t = tasks[i];
                            int offset = e.Phase == "train" ? 0 : (int)t.MaxValue - options[i].FisherEpochs;
                            t.Value = offset + e.Epoch;
                            string drift = double.IsNaN(e.Drift) ? string.Empty : $" drift {e.Drift:+0.0e0;-0.0e0}";
                            t.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                                $"{Label(runs[i].Name, runs[i].Seed, replicates)} {e.Phase} {e.Epoch,3}  CE {e.MeanCrossEntropy:F4}  acc {e.TrainAccuracy:P1}{drift}"));
                        });
                    });
            }
            else
            {
                Train(null);
            }

            // Layer by layer, the mechanisms in order within each layer (and, with --seeds, the seeds within each mechanism).
            NetworkShape shape = results[0].Shape;
            var rows = Enumerable.Range(0, shape.Layers)
                .SelectMany(layer => mechanisms.SelectMany((m, mi) => Enumerable.Range(0, replicates).Select(k =>
                {
                    int i = (k * mechanisms.Count) + mi;
                    return SlopeAnalysis.Analyze(results[i], layer, runs[i].Name, runs[i].Seed);
                })))
                .ToList();
            string table, jsonText;
            List<ReplicatedRow>? summary = null;

            // The authors' network at their settings: Theory's weights beside theirs (the first seed's runs with --seeds).
            Theory.Authors.Figure5Comparison[] authors = [.. Enumerable.Range(0, shape.Layers)
                .SelectMany(layer => Enumerable.Range(0, mechanisms.Count).Select(mi => Theory.Authors.AuthorsFigure5.Compare(results[mi], layer)))
                .OfType<Theory.Authors.Figure5Comparison>()];
            string authorsText = SlopeTable.AuthorsText(authors, rho => mechanisms.First(m => m.Rho == rho).Name)
                + (authors.Length > 0 && replicates > 1 ? $"(seed {sd}'s runs)\n" : string.Empty)
                + (shape.Layout == NetworkLayout.Published ? "\n" + Theory.Authors.PublishedDifferences.Text() : string.Empty);
            if (replicates == 1)
            {
                table = SlopeTable.Text(rows, train.Count, kind, source, est, parse.GetValue(trainer.Single), shape) + authorsText;
                jsonText = SlopeTable.Json(rows, kind, source, shape, authors);
            }
            else
            {
                summary = [.. rows.GroupBy(r => (r.Layer, r.Mechanism)).Select(g => ReplicatedRow.Of([.. g]))];
                table = SlopeTable.ReplicatedText(summary, train.Count, kind, source, est, parse.GetValue(trainer.Single), shape) + authorsText;
                jsonText = SlopeTable.ReplicatedJson(summary, rows, kind, source, shape);
            }

            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : table);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"theory: trained {string.Join(", ", rows.Where(r => r.Layer == 0).Select(r => $"{Label(r.Mechanism, r.Seed, replicates).TrimEnd()} {r.Epochs} {(r.Epochs == 1 ? "epoch" : "epochs")} in {r.Seconds:F1} s"))} ({usedThreads} {(usedThreads == 1 ? "run" : "runs")} at a time, {innerThreads} {(innerThreads == 1 ? "thread" : "threads")} each)"));

            if (outFolder is not null)
            {
                SlopeTable.WriteOutputs(outFolder.Path, rows, results, r => runs.FindIndex(x => x.Name == r.Mechanism && x.Seed == r.Seed), table, jsonText,
                    replicates == 1 ? null : r => $"seed{r.Seed}", summary);
                for (int i = 0; i < runs.Count; i++)
                {
                    NetworkOutput.Write(outFolder.Path, runs[i].Name.Replace('=', '_') + (replicates == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"_seed{runs[i].Seed}")), results[i], saveAs);
                }
            }

            if (plotDir is not null)
            {
                // With --seeds, the figures show the first seed's runs (the table's spread is across seeds, not drawable per weight).
                Figures.SlopeFigure.Write(folders.PlotPath(plotDir)!, results[..mechanisms.Count], [.. rows.Where(r => r.Seed == sd)]);
                if (authors.Length > 0)
                {
                    Figures.AuthorsFigure.WriteFigure5Comparison(folders.PlotPath(plotDir)!, authors);
                }
            }

            outFolder?.Complete(parse);
            plotFolder?.Complete(parse);

            return CliApp.Ok;
        }));
        return command;
    }

    // "calcium" padded for the progress bars, or "calcium seed 3" with --seeds.
    private static string Label(string name, ulong seed, int replicates) =>
        replicates == 1 ? name.PadRight(12) : string.Create(CultureInfo.InvariantCulture, $"{name} seed {seed}").PadRight(20);
}
