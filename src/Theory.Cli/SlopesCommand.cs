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
        var data = new Option<string?>("--data") { Description = "Folder of the data set's four IDX files (MNIST is fetched there if missing). Default: data/mnist or data/fashion under the repository when run inside a checkout, else $XDG_CACHE_HOME/theory/mnist (or ~/.cache/theory/mnist); Fashion-MNIST is read from Debian's dataset-fashion-mnist when the folder lacks it." };
        var dataset = new Option<string>("--dataset") { Description = "mnist or fashion (Debian's dataset-fashion-mnist).", DefaultValueFactory = _ => "mnist" };
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents to run instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (the minimum with --converge).", DefaultValueFactory = _ => 50 };
        var batch = new Option<int>("--batch") { Description = "Minibatch size B.", DefaultValueFactory = _ => 20 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate of mu.", DefaultValueFactory = _ => 1e-4 };
        var lrSigma = new Option<double?>("--lr-sigma") { Description = "Adam learning rate of phi (sigma = softplus(phi)); default --lr." };
        var s = new Option<double>("--s") { Description = "Reliability scale s.", DefaultValueFactory = _ => 1e-3 };
        var lambda = new Option<double>("--lambda") { Description = "Reliability weight lambda.", DefaultValueFactory = _ => 1.0 };
        var kappa = new Option<double>("--kappa") { Description = "L1 magnitude weight kappa.", DefaultValueFactory = _ => 0.01 };
        var sigmaInit = new Option<double>("--sigma-init") { Description = "Initial sigma of every weight.", DefaultValueFactory = _ => 1e-4 };
        var fisherEpochs = new Option<int>("--fisher-epochs") { Description = "Epochs of squared-gradient accumulation after training.", DefaultValueFactory = _ => 10 };
        var converge = new Option<bool>("--converge") { Description = "Train until the drift of ln sigma per epoch is below --tol in every decile of importance (Adam's second moment), up to --max-epochs." };
        var maxEpochs = new Option<int>("--max-epochs") { Description = "Cap on epochs with --converge.", DefaultValueFactory = _ => 400 };
        var tol = new Option<double>("--tol") { Description = "Drift tolerance per epoch for --converge.", DefaultValueFactory = _ => 1e-3 };
        var estimator = new Option<string>("--estimator") { Description = "sample (one weight sample per minibatch, the paper's) or local (local reparameterisation).", DefaultValueFactory = _ => "sample" };
        var threads = new Option<int>("--threads") { Description = "Cores to use: runs (one per rho) train in parallel, and a run gets the cores left over (threads never change the numbers).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden layer widths, comma-separated (100,100 is the paper's Figure-5 network); default none: the 784 -> 10 classifier." };
        var layout = new Option<string>("--layout") { Description = "text (the paper's: ReLU after each hidden layer) or published (the published code's: no nonlinearity after the first layer, ReLU on later layers and the logits).", DefaultValueFactory = _ => "text" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling, sampling and bootstrap.", DefaultValueFactory = _ => 1UL };
        var seeds = new Option<int>("--seeds") { Description = "Independent training runs per mechanism, seeds --seed, --seed + 1, ...: the table gives each quantity's mean over them with a t-based 95% CI and the SD (JSON and CSV keep every run).", DefaultValueFactory = _ => 1 };
        var average = new Option<int>("--average") { Description = "Iterate averaging: fit on ln sigma^2 averaged per weight over the last K training epochs (0: the last epoch's sigma).", DefaultValueFactory = _ => 0 };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on the first N training images only." };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON." };
        var output = new Option<string?>("--out") { Description = "Write slopes.csv, slopes.json and per-weight .npy arrays to this folder." };
        var plot = new Option<string?>("--plot") { Description = "Write the figures to this folder, each .png and .svg, a panel per mechanism and layer: slopes_hessian, slopes_learning_rate, slopes_input_rate (ln sigma^2 against ln H, ln learning rate, ln input rate, with the fitted and predicted lines) and slopes_convergence (drift of ln sigma per epoch)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars." };
        var priorSigma = new Option<double?>("--prior-sigma") { Description = "Prior sigma_0 of the diagonal Laplace posterior 1/(H + 1/sigma_0^2); default sqrt(2)/kappa." };
        var single = new Option<bool>("--float") { Description = "Train in single precision (TensorPrimitives kernels) instead of double." };

        var command = new Command("slopes", "Train stochastic synapses on MNIST for each mechanism; print analytic against simulated slopes.");
        foreach (Option o in new Option[] { data, dataset, rho, epochs, batch, lr, lrSigma, s, lambda, kappa, sigmaInit, fisherEpochs, converge, maxEpochs, tol, estimator, threads, hidden, layout, seed, seeds, average, trainLimit, json, output, plot, quiet, single, priorSigma })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            DataSetKind kind = parse.GetValue(dataset)?.ToLowerInvariant() switch
            {
                "mnist" => DataSetKind.Mnist,
                "fashion" => DataSetKind.Fashion,
                var other => throw new UsageException($"--dataset must be mnist or fashion (got '{other}')."),
            };
            WeightEstimator est = parse.GetValue(estimator)?.ToLowerInvariant() switch
            {
                "sample" => WeightEstimator.Sample,
                "local" => WeightEstimator.Local,
                var other => throw new UsageException($"--estimator must be sample or local (got '{other}')."),
            };
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1 (got {threadCount}).");
            }

            int[] widths = ParseHidden(parse.GetValue(hidden));
            NetworkLayout arrangement = parse.GetValue(layout)?.ToLowerInvariant() switch
            {
                "text" => NetworkLayout.Text,
                "published" => NetworkLayout.Published,
                var other => throw new UsageException($"--layout must be text or published (got '{other}')."),
            };

            int? limit = parse.GetValue(trainLimit);
            if (limit is < MinimumTrainingImages)
            {
                throw new UsageException($"--train-limit must be at least {MinimumTrainingImages}, so that the weights' H differ enough to fit a slope (got {limit}).");
            }

            ulong sd = parse.GetValue(seed);
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

            // Named arguments: each option lands in the field of its own name, whatever the record's order.
            var options = runs.Select(r => new SoftmaxTrainingOptions(
                Rho: r.Rho, S: parse.GetValue(s), Lambda: parse.GetValue(lambda), Kappa: parse.GetValue(kappa),
                BatchSize: parse.GetValue(batch), LearningRate: parse.GetValue(lr), LearningRateSigma: parse.GetValue(lrSigma),
                Epochs: parse.GetValue(epochs), Converge: parse.GetValue(converge), MaxEpochs: parse.GetValue(maxEpochs),
                Tolerance: parse.GetValue(tol), FisherEpochs: parse.GetValue(fisherEpochs), InitialSigma: parse.GetValue(sigmaInit),
                Estimator: est, Seed: r.Seed, SinglePrecision: parse.GetValue(single), PriorSigma: parse.GetValue(priorSigma),
                Hidden: widths, Layout: arrangement, Threads: innerThreads, AverageEpochs: parse.GetValue(average))).ToList();
            options.ForEach(o => o.Validate()); // before any download or training

            // Before the training, not after it; --plot may name the --out folder, which is then one set.
            string? outDir = parse.GetValue(output);
            using OutputFolder? outFolder = outDir is null ? null : CliApp.PrepareOutputFolder(outDir);
            string? plotDir = parse.GetValue(plot);
            bool shared = outFolder is not null && plotDir is not null && CliApp.FolderPath(plotDir) == outFolder.Path;
            using OutputFolder? plotFolder = plotDir is null || shared ? null : CliApp.PrepareOutputFolder(plotDir, "--plot");

            IAnsiConsole? console = CliApp.ProgressConsole(parse.GetValue(quiet));
            string folder = parse.GetValue(data) ?? MnistFiles.DefaultFolder(Environment.CurrentDirectory, kind);
            if (File.Exists(folder))
            {
                throw new UsageException($"--data '{Theory.Guard.Quote(folder)}' is a file; give the folder that holds (or will hold) the four IDX files.");
            }

            string[] files = MnistFiles.Locate(kind, folder, line => Console.Error.WriteLine($"theory: {line}"));
            var (train, test) = MnistFiles.Load(files, limit ?? int.MaxValue);
            if (options[0].BatchSize > train.Count)
            {
                throw new UsageException($"--batch {options[0].BatchSize} is larger than the {train.Count} training images.");
            }

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
            string source = Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
            string table, jsonText;
            List<ReplicatedRow>? summary = null;
            if (replicates == 1)
            {
                table = SlopeTable.Text(rows, train.Count, kind, source, est, parse.GetValue(single), shape);
                jsonText = SlopeTable.Json(rows, kind, source, shape);
            }
            else
            {
                summary = [.. rows.GroupBy(r => (r.Layer, r.Mechanism)).Select(g => ReplicatedRow.Of([.. g]))];
                table = SlopeTable.ReplicatedText(summary, train.Count, kind, source, est, parse.GetValue(single), shape);
                jsonText = SlopeTable.ReplicatedJson(summary, rows, kind, source, shape);
            }

            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : table);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"theory: trained {string.Join(", ", rows.Where(r => r.Layer == 0).Select(r => $"{Label(r.Mechanism, r.Seed, replicates).TrimEnd()} {r.Epochs} {(r.Epochs == 1 ? "epoch" : "epochs")} in {r.Seconds:F1} s"))} ({usedThreads} {(usedThreads == 1 ? "run" : "runs")} at a time, {innerThreads} {(innerThreads == 1 ? "thread" : "threads")} each)"));

            if (outFolder is not null)
            {
                SlopeTable.WriteOutputs(outFolder.Path, rows, results, r => runs.FindIndex(x => x.Name == r.Mechanism && x.Seed == r.Seed), table, jsonText,
                    replicates == 1 ? null : r => $"seed{r.Seed}", summary);
            }

            if (plotDir is not null)
            {
                // With --seeds, the figures show the first seed's runs (the table's spread is across seeds, not drawable per weight).
                Figures.SlopeFigure.Write(plotFolder?.Path ?? outFolder!.Path, results[..mechanisms.Count], [.. rows.Where(r => r.Seed == sd)]);
            }

            outFolder?.Complete(parse);
            plotFolder?.Complete(parse);

            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The fewest training images --train-limit takes.</summary>
    internal const int MinimumTrainingImages = 100;

    // "calcium" padded for the progress bars, or "calcium seed 3" with --seeds.
    private static string Label(string name, ulong seed, int replicates) =>
        replicates == 1 ? name.PadRight(12) : string.Create(CultureInfo.InvariantCulture, $"{name} seed {seed}").PadRight(20);

    /// <summary>"100,100" -> [100, 100]; null or empty: no hidden layer.</summary>
    internal static int[] ParseHidden(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 100_000)
            {
                throw new UsageException($"--hidden must be comma-separated widths from 1 to 100000, such as 100,100 (got '{text}').");
            }
        }

        return widths;
    }
}
