using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Sweeps;

namespace Theory.Cli;

/// <summary>
/// <c>theory reproduce</c>: every claim the project checks, in one command and one report (issue 33). Each
/// <see cref="ClaimRun"/> is the existing subcommand run in this process with <c>--json</c> and <c>--plot</c> (no
/// second copy of any experiment), kept as a task of the sweep store in <c>--out</c>/tasks (a rerun skips finished
/// runs; <c>--shard i/n</c> splits them; <c>--merge</c> builds the report from the folder); the claims are judged from
/// the stored JSON, and the report is claims.csv, claims.json, report.md and a self-contained report.html.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var tier = new Option<string>("--tier") { Description = "quick (every claim at reduced size, under 10 minutes on 2 cores; the reduction is written beside each claim) or paper (the paper's settings: the 784-100-100-10 network, 50 epochs, the full Figure 2-3 grid; hours).", DefaultValueFactory = _ => "quick" };
        var output = new Option<string>("--out") { Description = "Folder of the report (claims.csv, claims.json, report.md, report.html), the runs' figures (runs/RUN/) and the task files (tasks/).", DefaultValueFactory = _ => "reproduce" };
        var only = new Option<string[]>("--only") { Description = "Only these claims (ids, repeatable, or a prefix ending in *, such as fig4-*); their runs run, the report lists them alone.", AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<int>("--seeds") { Description = "Independent runs of each stochastic training claim (mean and 95% CI across them).", DefaultValueFactory = _ => 3 };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train every claim that trains on MNIST on its first N images only, below the tier's own size (a reduction the report names beside each such run)." };
        var data = new Option<string?>("--data") { Description = "MNIST folder for the claims that train on it (fetched there if missing); default as theory slopes." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (i/n) of the runs into --out; build the report with --merge once every shard is done." };
        var merge = new Option<bool>("--merge") { Description = "Build the report from --out's finished runs without running any (a missing run's claims say not run)." };
        var forceOption = new Option<bool>("--force") { Description = "Rerun runs that are already finished in --out (a sweep's finished tasks too, unless sharded)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var list = new Option<bool>("--list") { Description = "List the claims and the command line of each run, and exit." };
        var command = new Command("reproduce", "Reruns every claim the project checks (the paper's and its seed papers') and writes one report: claims.csv/json, report.md and a self-contained report.html.");
        foreach (Option o in new Option[] { tier, output, only, seeds, data, trainLimit, shard, merge, forceOption, quiet, list })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            Tier level = parse.GetValue(tier)?.ToLowerInvariant() switch
            {
                "quick" => Tier.Quick,
                "paper" => Tier.Paper,
                var other => throw new UsageException($"--tier must be quick or paper (got '{other}')."),
            };
            int seedCount = parse.GetValue(seeds);
            if (seedCount is < 2 or > 100)
            {
                throw new UsageException($"--seeds must be from 2 to 100, so that a CI across seeds exists (got {seedCount}).");
            }

            ClaimDefinition[] claims = Select(parse.GetValue(only) ?? []);
            ClaimRun[] runs = [.. ReproduceClaims.Runs.Where(r => claims.Any(c => c.Run == r.Id))];
            string? dataFolder = parse.GetValue(data);
            int? limit = parse.GetValue(trainLimit);
            if (limit is < TrainerOptions.MinimumTrainingImages)
            {
                throw new UsageException($"--train-limit must be at least {TrainerOptions.MinimumTrainingImages} (got {limit}).");
            }

            string[] Arguments(ClaimRun run)
            {
                string[] args = run.Arguments(level, seedCount);
                if (run.TakesData && limit is { } n)
                {
                    int at = Array.IndexOf(args, "--train-limit");
                    args = at < 0 ? [.. args, "--train-limit", n.ToString(CultureInfo.InvariantCulture)]
                        : [.. args[..(at + 1)], Math.Min(n, int.Parse(args[at + 1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture), .. args[(at + 2)..]];
                }

                return [.. args, .. run.TakesData && dataFolder is not null ? new[] { "--data", CliApp.FolderPath(dataFolder) } : []];
            }

            if (parse.GetValue(list))
            {
                foreach (ClaimRun run in runs)
                {
                    Console.Out.WriteLine($"{run.Id}: theory {string.Join(' ', Arguments(run))}");
                    foreach (ClaimDefinition claim in claims.Where(c => c.Run == run.Id))
                    {
                        Console.Out.WriteLine($"  {claim.Id} ({claim.Location}): {claim.Statement}");
                    }
                }

                return CliApp.Ok;
            }

            Shard part = parse.GetValue(shard) is { } text ? TradeoffCommand.ParseShard(text) : Shard.All;
            string folder = CliApp.FolderPath(parse.GetValue(output) ?? "reproduce");
            if (File.Exists(folder))
            {
                throw new UsageException($"--out '{Theory.Guard.Quote(folder)}' is a file, not a folder.");
            }

            var store = new TaskStore<ClaimRunRecord>(folder);
            string Id(ClaimRun run) => $"{run.Id}-{level.ToString().ToLowerInvariant()}-{TaskJson.Hash(Arguments(run))}";
            bool force = parse.GetValue(forceOption);
            if (!parse.GetValue(merge))
            {
                if (part == Shard.All)
                {
                    store.DeleteStaleTemporaryFiles();
                }

                // Sweeps split across every shard by their own --shard; the other runs go to the shard of their index.
                ClaimRun[] pending = [.. runs.Where((r, i) => (r.Sweep || part.Owns(i)) && (force || store.Read(Id(r)) is null))];
                RunAll(pending, level, folder, Arguments, Id, store, part, force, parse.GetValue(quiet));
                if (part != Shard.All)
                {
                    Console.Error.WriteLine($"theory: shard {part}: ran {pending.Count(r => !r.Sweep)} of its runs and its share of {pending.Count(r => r.Sweep)} {(pending.Count(r => r.Sweep) == 1 ? "sweep" : "sweeps")}; when every shard is done, theory reproduce --tier {level.ToString().ToLowerInvariant()} --out {folder} --merge");
                    return CliApp.Ok;
                }
            }
            else
            {
                // A sharded sweep is joined by its own merge; its record is kept once every task is there.
                foreach (ClaimRun run in runs.Where(r => r.Sweep && store.Read(Id(r)) is null && Directory.Exists(SweepFolder(folder, r))))
                {
                    ClaimRunRecord record = Execute(run, level, folder, ["tradeoff", "--merge", SweepFolder(folder, run)], Arguments(run));
                    if (record.ExitCode == 0)
                    {
                        store.Write(Id(run), record);
                    }
                }
            }

            ClaimRunRecord?[] records = [.. runs.Select(r => store.Read(Id(r)))];
            ClaimResult[] results = [.. claims.Select(c =>
            {
                int at = Array.FindIndex(runs, r => r.Id == c.Run);
                return ReproduceReport.Judge(c, runs[at], records[at], level);
            })];
            ReproduceReport.Write(folder, level, seedCount, runs, records, results);
            Console.Out.Write(ReproduceReport.Table(results));
            Console.Error.WriteLine($"theory: report in {Path.Combine(folder, "report.html")} (and report.md, claims.csv, claims.json)");
            // A missing or failed run fails the command; a claim its run cannot decide (say, no costs to match) is only reported.
            ClaimResult[] notRun = [.. results.Where(r => records[Array.IndexOf(runs, r.Run)] is not { ExitCode: 0 })];
            if (notRun.Length > 0)
            {
                Console.Error.WriteLine($"theory: {notRun.Length} of {results.Length} claims were not run: {string.Join(", ", notRun.Select(r => r.Claim.Id))} (the report says why; rerun the command: finished runs are skipped)");
                return CliApp.Failure;
            }

            return CliApp.Ok;
        }));
        return command;
    }

    // --only: ids, or prefixes ending in *; an id that names no claim is refused.
    private static ClaimDefinition[] Select(string[] wanted)
    {
        if (wanted.Length == 0)
        {
            return [.. ReproduceClaims.All];
        }

        var chosen = new List<ClaimDefinition>();
        foreach (string w in wanted.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            ClaimDefinition[] hits = w.EndsWith('*')
                ? [.. ReproduceClaims.All.Where(c => c.Id.StartsWith(w[..^1], StringComparison.Ordinal))]
                : [.. ReproduceClaims.All.Where(c => c.Id == w)];
            if (hits.Length == 0)
            {
                throw new UsageException($"--only: no claim is '{Theory.Guard.Quote(w)}' (theory reproduce --list names them).");
            }

            chosen.AddRange(hits);
        }

        return [.. ReproduceClaims.All.Where(chosen.Contains)];
    }

    /// <summary>The folder of a sweep run's own task files.</summary>
    internal static string SweepFolder(string folder, ClaimRun run) => Path.Combine(folder, "sweeps", run.Id);

    // The runs one after another (each subcommand uses every core itself), with a bar over their expected time. A sweep
    // keeps its tasks in its own folder: unsharded it runs whole (resuming) and is recorded; sharded it runs its share only.
    private static void RunAll(ClaimRun[] runs, Tier level, string folder, Func<ClaimRun, string[]> arguments, Func<ClaimRun, string> id, TaskStore<ClaimRunRecord> store,
        Shard part, bool force, bool quiet)
    {
        if (runs.Length == 0)
        {
            return;
        }

        double Expected(ClaimRun r) => (level == Tier.Quick ? r.QuickSeconds : r.PaperSeconds) / (r.Sweep ? part.Count : 1);
        void RunOne(ClaimRun run)
        {
            if (!run.Sweep)
            {
                store.Write(id(run), Execute(run, level, folder, arguments(run), arguments(run)));
                return;
            }

            string[] sweep = [.. arguments(run), "--out", SweepFolder(folder, run), .. force && part == Shard.All ? new[] { "--force" } : []];
            if (part == Shard.All)
            {
                ClaimRunRecord record = Execute(run, level, folder, sweep, arguments(run));
                store.Write(id(run), record);
                return;
            }

            ClaimRunRecord share = Execute(run, level, folder, [.. sweep, "--shard", part.ToString()], arguments(run), plot: false);
            if (share.ExitCode != 0)
            {
                throw new InvalidOperationException($"shard {part} of the {run.Id} sweep failed (exit {share.ExitCode}): {share.Errors.Split('\n').FirstOrDefault(l => l.Length > 0)}");
            }
        }

        if (CliApp.ProgressConsole(quiet) is not { } console)
        {
            foreach (ClaimRun run in runs)
            {
                RunOne(run);
            }

            return;
        }

        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask bar = ctx.AddTask(Markup.Escape($"reproduce: 0 of {runs.Length} runs done, {runs.Length} left"), maxValue: runs.Sum(Expected));
                for (int i = 0; i < runs.Length; i++)
                {
                    bar.Description = Markup.Escape($"reproduce: {runs[i].Id} ({i} of {runs.Length} runs done, {runs.Length - i} left)");
                    RunOne(runs[i]);
                    bar.Increment(Expected(runs[i]));
                }

                bar.Description = Markup.Escape($"reproduce: {runs.Length} of {runs.Length} runs done");
            });
    }

    // The subcommand in this process: its stdout (the JSON) and stderr captured, its figures in runs/RUN/. The record
    // names the command line that reruns it (without --json, --plot and --quiet).
    private static ClaimRunRecord Execute(ClaimRun run, Tier level, string folder, string[] arguments, string[] rerun, bool plot = true)
    {
        string plots = Path.Combine(folder, "runs", run.Id);
        bool merging = arguments.Contains("--merge");
        string[] args = [.. arguments, .. plot ? new[] { "--json", "--plot", plots } : [], .. run.Quiet && !merging ? new[] { "--quiet" } : []];
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TextWriter oldOut = Console.Out, oldError = Console.Error;
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code;
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            code = CliApp.Run(Commands.Root(), args);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }

        string manifest = Path.Combine(plots, OutputFolder.ManifestName);
        string? hash = File.Exists(manifest) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest))) : null;
        string[] figures = Directory.Exists(plots)
            ? [.. Directory.GetFiles(plots, "*.png").Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];
        return new ClaimRunRecord(run.Id, level.ToString().ToLowerInvariant(), ["theory", .. rerun], code, stdout.ToString(), stderr.ToString(),
            clock.Elapsed.TotalSeconds, hash, figures, started.ToString("O", CultureInfo.InvariantCulture));
    }
}

/// <summary>A finished run of a claim's subcommand, as its task file keeps it.</summary>
/// <param name="Run">The run's id.</param>
/// <param name="Tier">quick or paper.</param>
/// <param name="Command">The command line that reruns it alone (without the --json, --plot and --quiet it was given).</param>
/// <param name="ExitCode">The subcommand's exit code.</param>
/// <param name="Output">Its stdout: the JSON the claims are judged from.</param>
/// <param name="Errors">Its stderr.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="RunJsonSha256">SHA-256 of the run.json its --plot folder got (null if none).</param>
/// <param name="Figures">Its PNG figures, relative to the report's folder.</param>
/// <param name="Started">When it started (ISO 8601, UTC).</param>
internal sealed record ClaimRunRecord(string Run, string Tier, string[] Command, int ExitCode, string Output, string Errors, double Seconds, string? RunJsonSha256, string[] Figures, string Started);

/// <summary>One claim's row of the report.</summary>
internal sealed record ClaimResult(ClaimDefinition Claim, ClaimRun Run, ClaimValues Values, Verdict Verdict, string? Reduction, string Command, string? RunJsonSha256);
