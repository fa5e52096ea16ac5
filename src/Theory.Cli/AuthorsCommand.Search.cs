using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Theory.Authors;
using Theory.Data;
using Theory.Sweeps;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory authors --search DIR</c>: the search for the setup that made the authors' Figure 2-3 arrays (issue 30).
/// Every candidate of <see cref="AuthorsSearch.Variants"/> is trained at the twelve (rho, c, setting) points as
/// <c>theory tradeoff</c> trains, each run a task of the tradeoff's store in DIR (resumable, <c>--shard</c>, the same
/// task ids as <c>theory tradeoff --out</c> with the same settings), and the table compares them with the authors' numbers.
/// </summary>
internal static partial class AuthorsCommand
{
    private const string SearchFile = "search.json";

    /// <summary>What a search folder's search.json records: the data and the published setup every variant starts from.</summary>
    internal sealed record SearchSpec(string Dataset, int? TrainLimit, SoftmaxTrainingOptions Published);

    /// <summary>One cell of the search: a variant at one of the authors' points, its task and its id.</summary>
    internal sealed record SearchCell(SetupVariant Variant, AuthorsTradeoffPoint Authors, TradeoffTask Task, SoftmaxTrainingOptions Options, string Id);

    private static int Search(ParseResult parse, TrainerOptions trainer, string folder, string? variantList, string? pointList, string? shardText, bool tableOnly, bool json)
    {
        bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
        SetupVariant[] variants = ParseVariants(variantList);
        Func<SearchCell, bool> wanted = ParsePoints(pointList);
        Shard part = shardText is null ? Shard.All : TradeoffCommand.ParseShard(shardText);
        string full = CliApp.FolderPath(folder);
        if (File.Exists(full))
        {
            throw new UsageException($"--search '{Theory.Guard.Quote(folder)}' is a file, not a folder.");
        }

        // The published setup, unless the trainer's options say otherwise (tests shrink it with --train-limit and --epochs).
        SoftmaxTrainingOptions published = trainer.Build(parse, 2, 1, parse.GetValue(trainer.Seed), 1);
        published = published with
        {
            Hidden = Given(trainer.Hidden) ? published.Hidden : [100, 100],
            Layout = Given(trainer.Layout) ? published.Layout : NetworkLayout.Published,
        };
        DataSetKind kind = trainer.Kind(parse);
        int? limit = parse.GetValue(trainer.TrainLimit);
        SearchCell[] cells = Cells(published, kind, limit);
        foreach (SearchCell cell in cells.Where(c => variants.Contains(c.Variant) && wanted(c)))
        {
            cell.Options.Validate(); // every run's settings, before any data or training
        }

        string specPath = Path.Combine(full, SearchFile);
        var spec = new SearchSpec(kind.ToString().ToLowerInvariant(), limit, published with { Threads = 1 });
        if (tableOnly && !File.Exists(specPath))
        {
            throw new UsageException($"--merge: '{Theory.Guard.Quote(folder)}' holds no {SearchFile}: it is not a theory authors --search folder.");
        }

        if (tableOnly && trainer.All.Where(o => o != trainer.Quiet).FirstOrDefault(Given) is { } setting)
        {
            throw new UsageException($"{setting.Name} does not go with --merge, which takes the search folder's own settings.");
        }

        var store = new TaskStore<TradeoffRun>(full);

        if (!tableOnly)
        {
            if (part == Shard.All)
            {
                store.DeleteStaleTemporaryFiles(); // no other shard writes here
            }

            CliApp.WriteAtomically(specPath, w => w.Write(JsonSerializer.Serialize(spec, TaskJson.Options) + "\n"));

            // One task per distinct id (variants that train the same network share it), in the table's order; shard by that order.
            SearchCell[] work = [.. cells.Where(c => variants.Contains(c.Variant) && wanted(c)).DistinctBy(c => c.Id)];
            List<int> pending = [.. Enumerable.Range(0, work.Length).Where(i => part.Owns(i) && store.Read(work[i].Id) is null)];
            if (pending.Count > 0)
            {
                var (train, test, _) = trainer.LoadData(parse);
                TradeoffCommand.RunPending(pending, trainer.ThreadCount(parse), parse.GetValue(trainer.Quiet), "authors --search", i => work[i].Options.Epochs, (i, inner, report) =>
                    store.Write(work[i].Id, TradeoffSweep.Run(train, test, work[i].Options with { Threads = inner }, work[i].Task, report)));
            }

            if (part != Shard.All)
            {
                Console.Error.WriteLine($"theory: shard {part}: ran {pending.Count} of its tasks; when every shard is done, theory authors --search {folder} --merge");
                return CliApp.Ok;
            }
        }
        else if (JsonSerializer.Deserialize<SearchSpec>(File.ReadAllText(specPath), TaskJson.Options) is { } stored)
        {
            cells = Cells(stored.Published, Enum.Parse<DataSetKind>(stored.Dataset, ignoreCase: true), stored.TrainLimit);
            spec = stored;
        }

        // The table is built from the folder's task files: every variant that has finished runs there, whatever this call ran.
        TradeoffRun?[] runs = [.. cells.Select(c => store.Read(c.Id))];
        string text = SearchText(spec, cells, runs, full);
        string jsonText = SearchJson(spec, cells, runs);
        Console.Out.Write(json ? jsonText + "\n" : text);
        CliApp.WriteAtomically(Path.Combine(full, "search.txt"), w => w.Write(text));
        CliApp.WriteAtomically(Path.Combine(full, "search.csv"), w => w.Write(SearchCsv(cells, runs)));
        return CliApp.Ok;
    }

    // --points rho:c[:het|hom],...: only these of the twelve points (both settings unless one is named).
    private static Func<SearchCell, bool> ParsePoints(string? list)
    {
        if (list is null)
        {
            return _ => true;
        }

        var chosen = new List<(double Rho, double C, NoiseSetting? Setting)>();
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = item.Split(':');
            NoiseSetting? setting = parts.Length == 3 ? parts[2].ToLowerInvariant() switch
            {
                "het" => NoiseSetting.Heterogeneous,
                "hom" => NoiseSetting.Homogeneous,
                _ => throw new UsageException($"--points: '{Theory.Guard.Quote(item)}' names setting '{Theory.Guard.Quote(parts[2])}'; it is het or hom."),
            } : null;
            if (parts.Length is < 2 or > 3
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double rho)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double c)
                || !AuthorsSearch.Points.Any(p => Math.Abs(p.Rho - rho) < 1e-9 && Math.Abs(p.C - c) <= 1e-9 * c))
            {
                throw new UsageException($"--points: '{Theory.Guard.Quote(item)}' is not RHO:C[:het|hom] at one of the search's points ({string.Join(", ", AuthorsSearch.Points.Select(p => $"{p.Rho:0.#}:{p.C:G3}"))}).");
            }

            chosen.Add((rho, c, setting));
        }

        return cell => chosen.Any(p => Math.Abs(p.Rho - cell.Task.Rho) < 1e-9 && Math.Abs(p.C - cell.Authors.C) <= 1e-9 * p.C && (p.Setting is null || p.Setting == cell.Task.Setting));
    }

    private static SetupVariant[] ParseVariants(string? list)
    {
        if (list is null)
        {
            return [.. AuthorsSearch.Variants];
        }

        var chosen = new List<SetupVariant>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            chosen.Add(AuthorsSearch.Find(name) ?? throw new UsageException(
                $"--variants: '{Theory.Guard.Quote(name)}' is not a variant; they are {string.Join(", ", AuthorsSearch.Variants.Select(v => v.Name))}."));
        }

        return chosen.Count > 0 ? [.. chosen] : throw new UsageException("--variants names no variant.");
    }

    // Every variant at every point and setting it applies to, with the run's options and its tradeoff task id.
    private static SearchCell[] Cells(SoftmaxTrainingOptions published, DataSetKind kind, int? limit) =>
    [
        .. from variant in AuthorsSearch.Variants
           from setting in variant.Settings
           from point in AuthorsSearch.Points
           let authors = AuthorsData.At(point.Rho, point.C, setting) ?? throw new InvalidOperationException($"the authors' arrays have no point at rho {point.Rho}, c {point.C}.")
           let task = AuthorsSearch.TaskFor(variant, point.Rho, point.C, setting)
           let options = AuthorsSearch.OptionsFor(variant, published, task)
           select new SearchCell(variant, authors, task, options, TradeoffCommand.Id(task, options, kind, limit)),
    ];

    private static double AccuracyOf(SearchCell cell, TradeoffRun run) => cell.Variant.MeanWeightsAtTest ? run.AccuracyMean : run.AccuracySampled;

    private static string SearchText(SearchSpec spec, SearchCell[] cells, TradeoffRun?[] runs, string folder)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        SoftmaxTrainingOptions o = spec.Published;
        string net = o.Hidden is { Length: > 0 } h ? $"784-{string.Join("-", h)}-10" : "784-10";
        w.WriteLine($"the search for the authors' setup (issue 30): {net}, {o.Layout.ToString().ToLowerInvariant()} layout, {o.Epochs} epochs unless the variant says, seed {o.Seed}, {spec.Dataset}{(spec.TrainLimit is { } n ? $" (first {n} training images: NOT the authors' setting)" : string.Empty)}");
        w.WriteLine($"cells: sampled accuracy / RMS sigma over the weights; * = within {AuthorsSearch.AccuracyTolerance * 100:0} points and {AuthorsSearch.SigmaTolerance * 100:0}% of the authors' (v1 arrays, {AuthorsData.Attribution}); blank: not run");
        foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
        {
            w.WriteLine();
            w.WriteLine(setting == NoiseSetting.Heterogeneous ? "heterogeneous (a sigma per weight and bias)" : "homogeneous (one sigma shared by all)");
            var table = new TextTable(["variant", .. AuthorsSearch.Points.Select(p => $"rho {p.Rho:0.#} c {p.C:G3}"), "matches"]);
            var authorsRow = AuthorsSearch.Points.Select(p => AuthorsData.At(p.Rho, p.C, setting)!).Select(a => Cell(a.AccuracySampled, a.RmsSigma, false)).ToArray();
            table.Add(["authors (v1)", .. authorsRow, string.Empty]);
            foreach (SetupVariant variant in AuthorsSearch.Variants.Where(v => v.Settings.Contains(setting)))
            {
                int[] at = [.. Enumerable.Range(0, cells.Length).Where(i => cells[i].Variant == variant && cells[i].Task.Setting == setting)];
                if (at.All(i => runs[i] is null))
                {
                    continue;
                }

                int matched = at.Count(i => runs[i] is { } r && AuthorsSearch.Matches(AccuracyOf(cells[i], r), r.RmsSigma, cells[i].Authors));
                table.Add([variant.Name, .. at.Select(i => runs[i] is { } r ? Cell(AccuracyOf(cells[i], r), r.RmsSigma, AuthorsSearch.Matches(AccuracyOf(cells[i], r), r.RmsSigma, cells[i].Authors)) : string.Empty),
                    $"{matched} of {at.Count(i => runs[i] is not null)}"]);
            }

            table.Write(w);
        }

        w.WriteLine();
        w.WriteLine("per variant over the points it ran: matches, mean |accuracy - authors'| (points), mean |ln(sigma / authors')|, and the variant's flags");
        var summary = new TextTable("variant", "run", "matches", "mean |d acc|", "mean |d ln sigma|", "flags (theory tradeoff --hidden 100,100 --layout published ...)", "source");
        var scored = new List<(SetupVariant Variant, int Matches, double Distance)>();
        foreach (SetupVariant variant in AuthorsSearch.Variants)
        {
            int[] at = [.. Enumerable.Range(0, cells.Length).Where(i => cells[i].Variant == variant && runs[i] is not null)];
            if (at.Length == 0)
            {
                continue;
            }

            double dAcc = at.Average(i => Math.Abs(AccuracyOf(cells[i], runs[i]!) - cells[i].Authors.AccuracySampled));
            double dSigma = at.Average(i => Math.Abs(Math.Log(runs[i]!.RmsSigma / cells[i].Authors.RmsSigma)));
            int matched = at.Count(i => AuthorsSearch.Matches(AccuracyOf(cells[i], runs[i]!), runs[i]!.RmsSigma, cells[i].Authors));
            summary.Add(variant.Name, at.Length.ToString(CultureInfo.InvariantCulture), matched.ToString(CultureInfo.InvariantCulture),
                TextTable.Fixed(100 * dAcc, 1), TextTable.Fixed(dSigma, 3), variant.Flags, variant.Source);
            scored.Add((variant, matched, (100 * dAcc / 4) + (dSigma / Math.Log(1 + AuthorsSearch.SigmaTolerance))));
        }

        summary.Write(w);
        if (scored.Count > 0)
        {
            var best = scored.OrderByDescending(s => s.Matches).ThenBy(s => s.Distance).First();
            int total = cells.Count(c => c.Variant == best.Variant);
            w.WriteLine();
            w.WriteLine($"best: {best.Variant.Name} ({best.Matches} matches; ties broken by the mean distance in units of the tolerances). "
                + (scored.Any(s => s.Matches == cells.Count(c => c.Variant == s.Variant) && runs.Where((r, i) => cells[i].Variant == s.Variant).All(r => r is not null))
                    ? "A variant reproduces every one of its points."
                    : $"No variant run reproduces the authors' numbers (the best matches {best.Matches} of {total})."));
        }

        w.WriteLine($"task files: {folder}/tasks (theory authors --search DIR --merge prints this table again)");
        w.WriteLine();
        w.Write(PublishedDifferences.Text());
        return sb.ToString();
    }

    private static string Cell(double accuracy, double sigma, bool match) =>
        $"{(100 * accuracy).ToString("0.0", CultureInfo.InvariantCulture)}% / {sigma.ToString(sigma >= 0.01 ? "0.000" : "G3", CultureInfo.InvariantCulture)}{(match ? "*" : string.Empty)}";

    private static string SearchJson(SearchSpec spec, SearchCell[] cells, TradeoffRun?[] runs) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["attribution"] = AuthorsData.Attribution,
        ["dataset"] = spec.Dataset,
        ["train_limit"] = spec.TrainLimit,
        ["accuracy_tolerance"] = AuthorsSearch.AccuracyTolerance,
        ["sigma_tolerance"] = AuthorsSearch.SigmaTolerance,
        ["rows"] = cells.Select((c, i) => new Dictionary<string, object?>
        {
            ["variant"] = c.Variant.Name, ["flags"] = c.Variant.Flags, ["rho"] = c.Task.Rho, ["c"] = c.Authors.C, ["c_trained"] = c.Task.C,
            ["setting"] = c.Task.Setting == NoiseSetting.Heterogeneous ? "heterogeneous" : "homogeneous", ["epochs"] = c.Options.Epochs,
            ["authors_accuracy_sampled"] = c.Authors.AccuracySampled, ["authors_rms_sigma"] = c.Authors.RmsSigma,
            ["accuracy"] = runs[i] is { } r ? AccuracyOf(c, r) : null, ["rms_sigma"] = runs[i]?.RmsSigma,
            ["match"] = runs[i] is { } m ? AuthorsSearch.Matches(AccuracyOf(c, m), m.RmsSigma, c.Authors) : null, ["task"] = c.Id,
        }),
    }, JsonOutput.Options);

    private static string SearchCsv(SearchCell[] cells, TradeoffRun?[] runs)
    {
        static string R(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
        var sb = new StringBuilder("variant,rho,c,c_trained,setting,epochs,authors_accuracy_sampled,authors_rms_sigma,accuracy,rms_sigma,match,task\n");
        for (int i = 0; i < cells.Length; i++)
        {
            SearchCell c = cells[i];
            TradeoffRun? r = runs[i];
            sb.AppendLine(string.Join(',', c.Variant.Name, R(c.Task.Rho), R(c.Authors.C), R(c.Task.C), c.Task.SettingName, c.Options.Epochs.ToString(CultureInfo.InvariantCulture),
                R(c.Authors.AccuracySampled), R(c.Authors.RmsSigma), R(r is null ? null : AccuracyOf(c, r)), R(r?.RmsSigma),
                r is null ? string.Empty : AuthorsSearch.Matches(AccuracyOf(c, r), r.RmsSigma, c.Authors) ? "true" : "false", c.Id));
        }

        return sb.ToString();
    }
}
