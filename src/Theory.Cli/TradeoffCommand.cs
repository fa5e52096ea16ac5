using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Analytic;
using Theory.Data;
using Theory.Sweeps;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory tradeoff</c>: the performance-reliability tradeoff (THEORY.md section 10, the paper's Figures 2 and 3).
/// A fresh network per (mechanism, c, setting), trained by the engine of <c>theory slopes</c>; with <c>--out</c> each
/// run is a task file, so that a sweep resumes after a crash and splits into shards (<c>--shard i/n</c>, a SLURM job
/// array) that <c>--merge</c> joins. <c>--linear</c> runs the same grid on the linear Gaussian model beside the closed forms.
/// </summary>
internal static partial class TradeoffCommand
{
    private const string SweepFile = "sweep.json";
    private static readonly string[] AuthorsColumns = ["authors acc", "authors RMS sigma"];

    public static Command Create()
    {
        var trainer = new TrainerOptions();
        var grid = new Option<string>("--c") { Description = "Cost coefficients c = lambda s^rho / rho, FROM:TO:COUNT log-spaced (1e-3:1e4:29 is the paper's quarter decades).", DefaultValueFactory = _ => "1e-3:1e4:8" };
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents to run instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var setting = new Option<string>("--setting") { Description = "both, heterogeneous (a sigma per weight and bias) or homogeneous (one sigma shared by all).", DefaultValueFactory = _ => "both" };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON." };
        var output = new Option<string?>("--out") { Description = "Sweep folder: one task file per run in tasks/ (a rerun skips finished tasks), and tradeoff.txt/json/csv with run.json once every task is done." };
        var force = new Option<bool>("--force") { Description = "Rerun tasks that are already finished in --out." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (i/n, 1-based: every n-th task from the i-th) into --out; join the shards with --merge." };
        var merge = new Option<string?>("--merge") { Description = "Build the table from a sweep folder's task files (after every shard ran); lists the tasks that are missing." };
        var plot = new Option<string?>("--plot") { Description = "Write tradeoff.png and .svg to this folder: accuracy against c and against the reliability cost, and RMS sigma against c, both settings, a column per mechanism." };
        var linear = new Option<bool>("--linear") { Description = "The linear Gaussian model (theory linear's data and trainer, exact loss) beside the closed forms sigma_hom, sigma_i*, L_het, L_hom and M_a(h)/M_1(h)." };
        var from = new Option<string?>("--from") { Description = "With --linear: also M_a(H)/M_1(H) for the exact Hessians in this theory slopes --out folder." };
        var synapses = new Option<int>("--synapses") { Description = "With --linear: synapses d.", DefaultValueFactory = _ => 200 };
        var samples = new Option<int>("--samples") { Description = "With --linear: data points N.", DefaultValueFactory = _ => 4000 };
        var steps = new Option<int>("--steps") { Description = "With --linear: Adam steps per fit (full batch).", DefaultValueFactory = _ => 4000 };
        var sigmaY = new Option<double>("--sigma-y") { Description = "With --linear: output noise sigma_y.", DefaultValueFactory = _ => 1.0 };

        var command = new Command("tradeoff", "Accuracy against reliability cost, heterogeneous against homogeneous noise (Figures 2-3); --linear: the closed forms.");
        Option[] linearOnly = [from, synapses, samples, steps, sigmaY];
        Option[] own = [grid, rho, setting, json, output, force, shard, merge, plot, linear, .. linearOnly];
        foreach (Option o in own.Concat(trainer.All))
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            void Refuse(IEnumerable<Option> options, string why)
            {
                if (options.FirstOrDefault(Given) is { } o)
                {
                    throw new UsageException($"{o.Name} {why}.");
                }
            }

            if (parse.GetValue(merge) is { } mergeDir)
            {
                Refuse(own.Where(o => o != merge && o != json && o != plot).Concat(trainer.All.Where(o => o != trainer.Quiet)), "does not go with --merge, which takes the sweep folder's own settings");
                return Merge(parse, mergeDir, parse.GetValue(json), parse.GetValue(plot));
            }

            double[] cs = ParseGrid(parse.GetValue(grid)!);
            var mechanisms = CliApp.Runs(parse.GetValue(rho));
            NoiseSetting[] settings = parse.GetValue(setting)?.ToLowerInvariant() switch
            {
                "both" => [NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous],
                "heterogeneous" or "het" => [NoiseSetting.Heterogeneous],
                "homogeneous" or "hom" => [NoiseSetting.Homogeneous],
                var other => throw new UsageException($"--setting must be both, heterogeneous or homogeneous (got '{other}')."),
            };
            List<TradeoffTask> tasks = TradeoffSweep.Tasks(mechanisms, cs, settings);
            if (parse.GetValue(linear))
            {
                Refuse(trainer.All.Where(o => o != trainer.Quiet && o != trainer.Seed && o != trainer.S && o != trainer.Threads).Concat([output, force, shard]),
                    "does not go with --linear (its fits take a second; give --synapses, --samples, --steps, --sigma-y, --s, --seed)");
                return Linear(parse, tasks, mechanisms, parse.GetValue(trainer.S), parse.GetValue(trainer.Seed), parse.GetValue(synapses), parse.GetValue(samples),
                    parse.GetValue(steps), parse.GetValue(sigmaY), parse.GetValue(from), parse.GetValue(json), parse.GetValue(plot), trainer.ThreadCount(parse), parse.GetValue(trainer.Quiet));
            }

            Refuse(linearOnly, "goes only with --linear");
            Shard part = parse.GetValue(shard) is { } text ? ParseShard(text) : Shard.All;
            string? outDir = parse.GetValue(output);
            if (outDir is null && (part != Shard.All || parse.GetValue(force)))
            {
                throw new UsageException($"{(part != Shard.All ? "--shard" : "--force")} needs --out, the sweep folder the tasks are written to.");
            }

            int threadCount = trainer.ThreadCount(parse);
            SoftmaxTrainingOptions shared = trainer.Build(parse, mechanisms[0].Rho, 1, parse.GetValue(trainer.Seed), 1);
            tasks.ForEach(t => TradeoffSweep.OptionsFor(shared, t).Validate()); // every task's settings, before any data or training
            NetworkConvention saveAs = trainer.SaveConvention(parse);
            var spec = new SweepSpec(trainer.Kind(parse).ToString().ToLowerInvariant(), parse.GetValue(trainer.TrainLimit), shared with { Threads = 1 }, [.. tasks.Select(t => new SweepEntry(Id(t, shared, trainer.Kind(parse), parse.GetValue(trainer.TrainLimit)), t))]);

            TaskStore<TradeoffRun>? store = null;
            if (outDir is not null)
            {
                string full = CliApp.FolderPath(outDir);
                if (File.Exists(full))
                {
                    throw new UsageException($"--out '{Theory.Guard.Quote(outDir)}' is a file, not a folder.");
                }

                store = new TaskStore<TradeoffRun>(full);
                if (part == Shard.All)
                {
                    store.DeleteStaleTemporaryFiles(); // no other shard writes here
                }

                CliApp.WriteAtomically(Path.Combine(full, SweepFile), w => w.Write(JsonSerializer.Serialize(spec, TaskJson.Options) + "\n"));
            }

            var results = new TradeoffRun?[tasks.Count];
            var pending = new List<int>();
            for (int i = 0; i < tasks.Count; i++)
            {
                if (!part.Owns(i))
                {
                    continue;
                }

                results[i] = parse.GetValue(force) ? null : store?.Read(spec.Tasks[i].Id);
                if (results[i] is null)
                {
                    pending.Add(i);
                }
            }

            if (pending.Count > 0)
            {
                var (train, test, _) = trainer.LoadData(parse);
                RunPending(pending, threadCount, parse.GetValue(trainer.Quiet), "tradeoff", _ => shared.Converge ? shared.MaxEpochs : shared.Epochs, (i, inner, report) =>
                {
                    TradeoffRun run = TradeoffSweep.Run(train, test, shared with { Threads = inner }, tasks[i], report,
                        store is null ? null : (shape, mu, sigma, o) => NetworkOutput.Write(CliApp.FolderPath(outDir!), spec.Tasks[i].Id, shape, mu, sigma, o, saveAs,
                            new Dictionary<string, string>
                            {
                                ["c"] = tasks[i].C.ToString("R", CultureInfo.InvariantCulture),
                                ["setting"] = tasks[i].Setting == NoiseSetting.Homogeneous ? "homogeneous" : "heterogeneous",
                            }));
                    store?.Write(spec.Tasks[i].Id, run);
                    results[i] = run;
                });
            }

            int skipped = Enumerable.Range(0, tasks.Count).Count(i => part.Owns(i)) - pending.Count;
            if (part != Shard.All)
            {
                Console.Error.WriteLine($"theory: shard {part}: ran {pending.Count} {(pending.Count == 1 ? "task" : "tasks")}, {skipped} already finished; when every shard is done, theory tradeoff --merge {Quoted(CliApp.FolderPath(outDir!))}");
                return CliApp.Ok;
            }

            if (skipped > 0)
            {
                Console.Error.WriteLine($"theory: {skipped} of {tasks.Count} runs were already finished in {Quoted(CliApp.FolderPath(outDir!))} (--force reruns them)");
            }

            return Report(parse, spec, [.. results.Select(r => r!)], outDir is null ? null : CliApp.FolderPath(outDir), parse.GetValue(json), parse.GetValue(plot));
        }));
        return command;
    }

    /// <summary>
    /// Runs the pending tasks (indices into the sweep), as many at a time as there are cores and each on the cores left
    /// over, with a progress bar over their epochs (runs done, runs left, time left) unless quiet. <paramref name="run"/>
    /// trains task i on the given threads, reporting its epochs, and keeps its result.
    /// </summary>
    internal static void RunPending(IReadOnlyList<int> pending, int threadCount, bool quiet, string label, Func<int, int> epochsOf, Action<int, int, Action<EpochReport>?> run)
    {
        int parallel = Math.Min(threadCount, pending.Count), inner = Math.Max(1, threadCount / Math.Max(1, pending.Count));
        var finished = new HashSet<int>();
        void RunAll(Action<int, EpochReport>? report, Action<int>? done) =>
            Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
            {
                run(i, inner, report is null ? null : e => report(i, e));
                done?.Invoke(i);
            });

        if (CliApp.ProgressConsole(quiet) is not { } console)
        {
            RunAll(null, null);
            return;
        }

        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var epochs = new Dictionary<int, int>();
                ProgressTask bar = ctx.AddTask(Markup.Escape($"{label}: 0 of {pending.Count} runs done, {pending.Count} left"), maxValue: pending.Sum(i => (double)epochsOf(i)));
                object gate = new();
                void Update() => bar.Value = pending.Sum(i => finished.Contains(i) ? epochsOf(i) : epochs.GetValueOrDefault(i));
                RunAll(
                    (i, e) => { lock (gate) { epochs[i] = e.Epoch; Update(); } },
                    i =>
                    {
                        lock (gate)
                        {
                            finished.Add(i);
                            Update();
                            bar.Description = Markup.Escape($"{label}: {finished.Count} of {pending.Count} runs done, {pending.Count - finished.Count} left");
                        }
                    });
            });
    }

    /// <summary>What a sweep folder's sweep.json records: the data, the shared training settings and every task with its id.</summary>
    internal sealed record SweepSpec(string Dataset, int? TrainLimit, SoftmaxTrainingOptions Options, SweepEntry[] Tasks);

    /// <summary>A task and its stable id.</summary>
    internal sealed record SweepEntry(string Id, TradeoffTask Task);

    /// <summary>
    /// calcium-het-c0.001-HASH: readable, and HASH (of every training setting and the data) changes with any of them,
    /// so that a folder never passes off a run with other settings as finished.
    /// </summary>
    internal static string Id(TradeoffTask task, SoftmaxTrainingOptions shared, DataSetKind kind, int? trainLimit)
    {
        SoftmaxTrainingOptions options = TradeoffSweep.OptionsFor(shared, task) with { Threads = 1 };
        string name = new([.. task.Mechanism.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+')]);
        return $"{name}-{task.SettingName}-c{task.C.ToString("R", CultureInfo.InvariantCulture)}-{TaskJson.Hash(new { options, kind, trainLimit })}";
    }

    private static int Merge(ParseResult parse, string folder, bool json, string? plot)
    {
        string full = CliApp.FolderPath(folder);
        string specPath = Path.Combine(full, SweepFile);
        if (!File.Exists(specPath))
        {
            throw new UsageException($"--merge '{Theory.Guard.Quote(folder)}' holds no {SweepFile}: it is not a theory tradeoff --out folder.");
        }

        SweepSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<SweepSpec>(File.ReadAllText(specPath), TaskJson.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new IOException($"{Theory.Guard.Quote(specPath)} is not a sweep file: {e.Message}", e);
        }

        var store = new TaskStore<TradeoffRun>(full);
        store.DeleteStaleTemporaryFiles(); // the merge runs after every shard
        TradeoffRun?[] results = [.. spec.Tasks.Select(t => store.Read(t.Id))];
        string[] missing = [.. spec.Tasks.Where((_, i) => results[i] is null).Select(t => t.Id)];
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"theory: {missing.Length} of {spec.Tasks.Length} tasks are missing in {Quoted(full)}: {string.Join(", ", missing.Take(20))}{(missing.Length > 20 ? ", ..." : string.Empty)}");
            Console.Error.WriteLine("theory: run the sweep's command (or its shards) again: finished tasks are skipped");
            return CliApp.Failure;
        }

        return Report(parse, spec, [.. results.Select(r => r!)], full, json, plot);
    }

    // The table from the task results (never from the in-memory runs alone: the same numbers whether a run was resumed or not).
    private static int Report(ParseResult parse, SweepSpec spec, TradeoffRun[] runs, string? folder, bool json, string? plot)
    {
        TradeoffSummary[] summaries = [.. runs.GroupBy(r => r.Mechanism).Select(g => TradeoffSweep.Summarise([.. g]))];
        string text = Text(spec, runs, summaries);
        string jsonText = Json(spec, runs, summaries);
        Console.Out.Write(json ? jsonText + "\n" : text);
        if (folder is not null)
        {
            using OutputFolder outFolder = CliApp.PrepareOutputFolder(folder);
            CliApp.WriteAtomically(Path.Combine(folder, "tradeoff.txt"), w => w.Write(text));
            CliApp.WriteAtomically(Path.Combine(folder, "tradeoff.json"), w => w.Write(jsonText + "\n"));
            CliApp.WriteAtomically(Path.Combine(folder, "tradeoff.csv"), w => w.Write(Csv(runs)));
            if (plot is not null && CliApp.FolderPath(plot) == outFolder.Path)
            {
                Figures.TradeoffFigure.Write(outFolder.Path, runs);
            }

            outFolder.Complete(parse);
        }

        if (plot is not null && (folder is null || CliApp.FolderPath(plot) != folder))
        {
            using OutputFolder plotFolder = CliApp.PrepareOutputFolder(plot, "--plot");
            Figures.TradeoffFigure.Write(plotFolder.Path, runs);
            plotFolder.Complete(parse);
        }

        return CliApp.Ok;
    }

    private static string Text(SweepSpec spec, TradeoffRun[] runs, TradeoffSummary[] summaries)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        SoftmaxTrainingOptions o = spec.Options;
        string net = o.Hidden is { Length: > 0 } h ? $"hidden {string.Join(",", h)}" : "no hidden layer";
        w.WriteLine($"tradeoff on {spec.Dataset}{(spec.TrainLimit is { } n ? $" (first {n} training images)" : string.Empty)}, {net}, {o.Epochs} epochs, {o.Estimator.ToString().ToLowerInvariant()} estimator, lr {Theory.Guard.Format(o.LearningRate)}, s {Theory.Guard.Format(o.S)}, kappa {Theory.Guard.Format(o.Kappa)}, seed {o.Seed}{(o.SinglePrecision ? ", float" : string.Empty)}{Variant(o)}");
        w.WriteLine($"c = lambda s^rho / rho (cost c sigma^-rho per synapse); accuracy, NLL and ECE with one weight sample per {TradeoffSweep.EvaluationBatch} test images; R = sum (1/rho)(s/sigma)^rho over weights and biases");
        w.WriteLine();
        Theory.Authors.AuthorsTradeoffPoint?[] authors = [.. runs.Select(r => AuthorsPoint(spec, r))];
        bool beside = authors.Any(a => a is not null);
        var table = new TextTable(["mechanism", "setting", "c", "acc sampled", "acc mean", "NLL", "ECE", "RMS sigma", "R", "cost c sum sigma^-rho", "train loss",
            .. beside ? AuthorsColumns : []]);
        for (int i = 0; i < runs.Length; i++)
        {
            TradeoffRun r = runs[i];
            table.Add([r.Mechanism, r.Setting == NoiseSetting.Heterogeneous ? "het" : "hom", G(r.C), TextTable.Percent(r.AccuracySampled), TextTable.Percent(r.AccuracyMean),
                TextTable.Fixed(r.NegativeLogLikelihood, 4), TextTable.Fixed(r.CalibrationError, 4), G(r.RmsSigma), G(r.ReliabilityCost), G(r.Cost), TextTable.Fixed(r.TrainingLoss, 4),
                .. beside ? new[] { authors[i] is { } a ? TextTable.Percent(a.AccuracySampled) : "-", authors[i] is { } b ? G(b.RmsSigma) : "-" } : []]);
        }

        table.Write(w);
        if (beside)
        {
            w.WriteLine($"authors: their published Figure 2-3 arrays (v1) at the same rho, c and setting (theory authors; {Theory.Authors.AuthorsData.Attribution})");
        }

        if (o.Layout == NetworkLayout.Published)
        {
            w.WriteLine();
            w.Write(Theory.Authors.PublishedDifferences.Text());
        }

        if (summaries.All(s => s.Gap.All(g => double.IsNaN(g.Gap))))
        {
            return sb.ToString(); // one setting only: no comparison
        }

        w.WriteLine();
        double cMin = runs.Min(r => r.C), cMax = runs.Max(r => r.C);
        string Half(double c) => double.IsNaN(c) ? $"> {G(cMax)}" : double.IsNegativeInfinity(c) ? $"< {G(cMin)}" : G(c);
        w.WriteLine("where accuracy (sampled) falls below 50%, interpolated on ln c");
        var half = new TextTable("mechanism", "rho", "c (het)", "c (hom)");
        foreach (TradeoffSummary s in summaries)
        {
            half.Add(s.Mechanism, TextTable.Fixed(s.Rho, 4), Half(s.HalfAccuracyC.Heterogeneous), Half(s.HalfAccuracyC.Homogeneous));
        }

        half.Write(w);
        w.WriteLine();
        w.WriteLine("accuracy gap, heterogeneous minus homogeneous (percentage points), at each c");
        double[] cs = [.. summaries[0].Gap.Select(g => g.C)];
        var gap = new TextTable(["mechanism", .. cs.Select(c => "c " + G(c))]);
        foreach (TradeoffSummary s in summaries)
        {
            gap.Add([s.Mechanism, .. s.Gap.Select(g => TextTable.Fixed(100 * g.Gap, 2))]);
        }

        gap.Write(w);
        w.WriteLine();
        w.WriteLine("at matched reliability cost: each heterogeneous run against the homogeneous accuracy at the same R (interpolated on ln R; n/a outside the homogeneous runs' range)");
        var matched = new TextTable("mechanism", "c", "R", "acc het", "acc hom at R", "het - hom");
        foreach (TradeoffSummary s in summaries)
        {
            foreach (var m in s.Matched)
            {
                matched.Add(s.Mechanism, G(m.C), G(m.ReliabilityCost), TextTable.Percent(m.Heterogeneous), TextTable.Percent(m.Homogeneous),
                    double.IsFinite(m.Homogeneous) ? TextTable.Fixed(100 * (m.Heterogeneous - m.Homogeneous), 2) : "n/a");
            }
        }

        matched.Write(w);
        return sb.ToString();
    }

    private static string Json(SweepSpec spec, TradeoffRun[] runs, TradeoffSummary[] summaries) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["dataset"] = spec.Dataset,
        ["train_limit"] = spec.TrainLimit,
        ["hidden"] = spec.Options.Hidden ?? [],
        ["epochs"] = spec.Options.Epochs,
        ["estimator"] = spec.Options.Estimator.ToString().ToLowerInvariant(),
        ["seed"] = spec.Options.Seed,
        ["runs"] = runs.Select((r, i) => new Dictionary<string, object?>
        {
            ["id"] = spec.Tasks[i].Id,
            ["mechanism"] = r.Mechanism,
            ["rho"] = r.Rho,
            ["c"] = r.C,
            ["setting"] = r.Setting.ToString().ToLowerInvariant(),
            ["lambda"] = r.Lambda,
            ["accuracy_sampled"] = r.AccuracySampled,
            ["accuracy_mean"] = r.AccuracyMean,
            ["nll"] = r.NegativeLogLikelihood,
            ["ece"] = r.CalibrationError,
            ["rms_sigma"] = r.RmsSigma,
            ["reliability_cost"] = r.ReliabilityCost,
            ["cost"] = r.Cost,
            ["train_loss"] = r.TrainingLoss,
            ["epochs"] = r.Epochs,
            ["authors_accuracy_sampled"] = AuthorsPoint(spec, r)?.AccuracySampled,
            ["authors_rms_sigma"] = AuthorsPoint(spec, r)?.RmsSigma,
        }).ToList(),
        ["summary"] = summaries.Select(s => new Dictionary<string, object?>
        {
            ["mechanism"] = s.Mechanism,
            ["rho"] = s.Rho,
            ["half_accuracy_c"] = new Dictionary<string, object?> { ["heterogeneous"] = HalfJson(s.HalfAccuracyC.Heterogeneous), ["homogeneous"] = HalfJson(s.HalfAccuracyC.Homogeneous) },
            ["gap"] = s.Gap.Select(g => new Dictionary<string, double> { ["c"] = g.C, ["gap"] = g.Gap }).ToList(),
            ["matched"] = s.Matched.Select(m => new Dictionary<string, double> { ["c"] = m.C, ["reliability_cost"] = m.ReliabilityCost, ["heterogeneous"] = m.Heterogeneous, ["homogeneous"] = m.Homogeneous }).ToList(),
        }).ToList(),
    }, JsonOutput.Options);

    /// <summary>
    /// The authors' published point for a run, where one exists: their Figure 2-3 network (784-100-100-10 in the published layout, all of
    /// MNIST) at the same rho, c and setting of their v1 grid; null otherwise.
    /// </summary>
    internal static Theory.Authors.AuthorsTradeoffPoint? AuthorsPoint(SweepSpec spec, TradeoffRun run) =>
        spec.Dataset == "mnist" && spec.TrainLimit is null && spec.Options.Layout == NetworkLayout.Published && spec.Options.Hidden is [100, 100]
            ? Theory.Authors.AuthorsData.At(run.Rho, run.C, run.Setting)
            : null;

    /// <summary>The settings that depart from the paper's objective, for the table's header.</summary>
    private static string Variant(SoftmaxTrainingOptions o) =>
        $"{(o.Layout == NetworkLayout.Published ? ", published layout" : string.Empty)}{(o.DataScale != 1 ? $", data term x {Theory.Guard.Format(o.DataScale)}" : string.Empty)}{(o.CommittedHomogeneous ? ", homogeneous as committed" : string.Empty)}{(o.InitialBiasSigma is { } b ? $", bias sigma at start {Theory.Guard.Format(b)}" : string.Empty)}{(o.CostOnBiases ? string.Empty : ", reliability cost on weights only")}{(o.CostFreeEpochs > 0 ? $", last {o.CostFreeEpochs} epochs without the reliability cost" : string.Empty)}";

    // A c, or "below_grid" / null (never on the grid): JSON has no infinity.
    private static object? HalfJson(double c) => double.IsNegativeInfinity(c) ? "below_grid" : double.IsNaN(c) ? null : c;

    private static string Csv(TradeoffRun[] runs)
    {
        var sb = new StringBuilder("mechanism,rho,c,setting,lambda,accuracy_sampled,accuracy_mean,nll,ece,rms_sigma,reliability_cost,cost,train_loss,epochs\n");
        foreach (TradeoffRun r in runs)
        {
            sb.AppendLine(string.Join(',', r.Mechanism, R(r.Rho), R(r.C), r.Setting.ToString().ToLowerInvariant(), R(r.Lambda), R(r.AccuracySampled), R(r.AccuracyMean),
                R(r.NegativeLogLikelihood), R(r.CalibrationError), R(r.RmsSigma), R(r.ReliabilityCost), R(r.Cost), R(r.TrainingLoss), r.Epochs.ToString(CultureInfo.InvariantCulture)));
        }

        return sb.ToString();
    }

    private static string R(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string G(double v) => !double.IsFinite(v) ? CliApp.Number(v) : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Quoted(string path) => path.All(c => char.IsLetterOrDigit(c) || "-_./+:=,".Contains(c, StringComparison.Ordinal)) ? path : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>"FROM:TO:COUNT" -> the log-spaced grid, or a usage error naming --c.</summary>
    internal static double[] ParseGrid(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length == 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            if (!(lo >= 1e-12 && hi <= 1e12))
            {
                throw new UsageException($"--c must lie from 1e-12 to 1e12 (got '{Theory.Guard.Quote(text)}').");
            }

            if (count > 1000)
            {
                throw new UsageException($"--c takes at most 1000 values (got {count}).");
            }

            try
            {
                return TradeoffSweep.LogGrid(lo, hi, count);
            }
            catch (ArgumentException)
            {
                throw new UsageException($"--c FROM:TO:COUNT needs FROM < TO and COUNT >= 2, or FROM = TO and COUNT 1 (got '{Theory.Guard.Quote(text)}').");
            }
        }

        throw new UsageException($"--c must be FROM:TO:COUNT, such as 1e-3:1e4:8 (got '{Theory.Guard.Quote(text)}').");
    }

    internal static Shard ParseShard(string text)
    {
        try
        {
            return Shard.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--shard: {e.Message}");
        }
    }
}
