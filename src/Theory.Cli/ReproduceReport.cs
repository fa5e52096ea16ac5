using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Markdig;

namespace Theory.Cli;

/// <summary>The report of <c>theory reproduce</c>: the claims judged, and the CSV, JSON, Markdown and HTML that show them.</summary>
internal static class ReproduceReport
{
    /// <summary>The verdict as the report writes it.</summary>
    public static string Text(Verdict verdict) => verdict switch
    {
        Verdict.Holds => "holds",
        Verdict.HoldsInPart => "holds in part",
        Verdict.DoesNotHold => "does not hold",
        Verdict.NeedsFullSize => "needs full size",
        _ => "not run",
    };

    /// <summary>Judges a claim from its run's record: not run when the run is missing, failed or lacks what the claim reads.</summary>
    public static ClaimResult Judge(ClaimDefinition claim, ClaimRun run, ClaimRunRecord? record, Tier tier)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(run);
        string? reduction = tier == Tier.Quick ? run.QuickReduction : null;
        string command = record is null ? "theory " + string.Join(' ', run.Arguments(tier, 3)) : string.Join(' ', record.Command.Select(Quote));
        ClaimResult NotRun(string why) => new(claim, run, new ClaimValues(null, null, null, null, null, Verdict.NotRun, why), Verdict.NotRun, reduction, command, record?.RunJsonSha256);
        if (record is null)
        {
            return NotRun("not run: its run is not in the folder");
        }

        if (record.ExitCode != 0)
        {
            return NotRun($"not run: the command failed (exit {record.ExitCode}): {record.Errors.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "no message"}");
        }

        ClaimValues values;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(record.Output);
            values = claim.Judge(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return NotRun($"not run: the command's JSON lacks what the claim reads ({e.Message})");
        }

        Verdict verdict = values.Verdict != Verdict.NotRun && tier == Tier.Quick && claim.NeedsFullSize ? Verdict.NeedsFullSize : values.Verdict;
        if (verdict == Verdict.NeedsFullSize)
        {
            values = values with { Detail = $"at quick size it {Text(values.Verdict)}; the verdict needs the paper tier. {values.Detail}" };
        }

        return new ClaimResult(claim, run, values, verdict, reduction, command, record.RunJsonSha256);
    }

    /// <summary>The claims table for the console.</summary>
    public static string Table(IReadOnlyList<ClaimResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        using var w = new StringWriter(text, CultureInfo.InvariantCulture);
        var t = new TextTable("claim", "where", "closed form", "authors", "measured", "95% CI", "verdict");
        foreach (ClaimResult r in results)
        {
            t.Add(r.Claim.Id, r.Claim.Location, N(r.Values.ClosedForm), N(r.Values.Authors), N(r.Values.Measured), Interval(r.Values), Text(r.Verdict));
        }

        t.Write(w);
        w.WriteLine(string.Join(", ", Enum.GetValues<Verdict>().Select(v => $"{results.Count(r => r.Verdict == v)} {Text(v)}")));
        return text.ToString();
    }

    /// <summary>Writes claims.csv, claims.json, report.md and report.html into the folder (each atomically).</summary>
    public static void Write(string folder, Tier tier, int seeds, IReadOnlyList<ClaimRun> runs, IReadOnlyList<ClaimRunRecord?> records, IReadOnlyList<ClaimResult> results)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(results);
        CliApp.WriteAtomically(Path.Combine(folder, "claims.csv"), w => w.Write(Csv(results)));
        CliApp.WriteAtomically(Path.Combine(folder, "claims.json"), w => w.Write(Json(tier, seeds, results) + "\n"));
        string markdown = Markdown(tier, seeds, runs, records, results, embed: null);
        CliApp.WriteAtomically(Path.Combine(folder, "report.md"), w => w.Write(markdown));
        string html = Html(Markdown(tier, seeds, runs, records, results, embed: folder));
        CliApp.WriteAtomically(Path.Combine(folder, "report.html"), w => w.Write(html));
    }

    private static string Csv(IReadOnlyList<ClaimResult> results)
    {
        static string Cell(string? s) => s is null ? string.Empty : s.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
        var sb = new StringBuilder("id,location,claim,paper_value,authors_value,closed_form,measured,ci_low,ci_high,verdict,rule,detail,tier_reduction,command,run_json_sha256\n");
        foreach (ClaimResult r in results)
        {
            sb.AppendLine(string.Join(',', new[]
            {
                r.Claim.Id, r.Claim.Location, r.Claim.Statement, r.Claim.PaperValue, R(r.Values.Authors), R(r.Values.ClosedForm), R(r.Values.Measured),
                R(r.Values.Low), R(r.Values.High), Text(r.Verdict), r.Claim.Rule, r.Values.Detail, r.Reduction, r.Command, r.RunJsonSha256,
            }.Select(Cell)));
        }

        return sb.ToString();
    }

    private static string Json(Tier tier, int seeds, IReadOnlyList<ClaimResult> results) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["tier"] = tier.ToString().ToLowerInvariant(),
        ["seeds"] = seeds,
        ["commit"] = OutputFolder.Commit,
        ["cpu"] = OutputFolder.CpuModel(),
        ["claims"] = results.Select(r => new Dictionary<string, object?>
        {
            ["id"] = r.Claim.Id, ["location"] = r.Claim.Location, ["claim"] = r.Claim.Statement, ["paper_value"] = r.Claim.PaperValue,
            ["authors_value"] = Finite(r.Values.Authors), ["closed_form"] = Finite(r.Values.ClosedForm), ["measured"] = Finite(r.Values.Measured),
            ["ci"] = r.Values.Low is { } lo && r.Values.High is { } hi && double.IsFinite(lo) && double.IsFinite(hi) ? new[] { lo, hi } : null,
            ["verdict"] = Text(r.Verdict), ["rule"] = r.Claim.Rule, ["detail"] = r.Values.Detail, ["tier_reduction"] = r.Reduction,
            ["command"] = r.Command, ["run"] = r.Run.Id, ["run_json_sha256"] = r.RunJsonSha256,
        }),
    }, JsonOutput.Options);

    // The report; with embed (the report's folder), every figure inline as a data URI, for the self-contained HTML.
    private static string Markdown(Tier tier, int seeds, IReadOnlyList<ClaimRun> runs, IReadOnlyList<ClaimRunRecord?> records, IReadOnlyList<ClaimResult> results, string? embed)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine("# Theory: the claims, rerun");
        w.WriteLine();
        w.WriteLine($"The claims of Malkin, O'Donnell, Houghton & Aitchison, \"Signatures of Bayesian inference emerge from energy-efficient synapses\" (eLife 2024) and of its seed papers, each rerun by the `theory` subcommand named beside it. Tier **{tier.ToString().ToLowerInvariant()}**{(tier == Tier.Quick ? " (every claim at reduced size; the reduction is written beside each claim, and a claim whose verdict needs the full size says so)" : " (the paper's settings)")}; {seeds} seeds where a claim is stochastic.");
        w.WriteLine();
        w.WriteLine(string.Join(", ", Enum.GetValues<Verdict>().Where(v => results.Any(r => r.Verdict == v)).Select(v => $"**{results.Count(r => r.Verdict == v)}** {Text(v)}")) + ".");
        w.WriteLine();
        w.WriteLine("## Claims");
        w.WriteLine();
        w.WriteLine("| id | where | claim | paper | authors | closed form | measured | 95% CI | verdict | rule |");
        w.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (ClaimResult r in results)
        {
            w.WriteLine($"| {Md(r.Claim.Id)} | {Md(r.Claim.Location)} | {Md(r.Claim.Statement)} | {Md(r.Claim.PaperValue)} | {N(r.Values.Authors)} | {N(r.Values.ClosedForm)} | {N(r.Values.Measured)} | {Interval(r.Values)} | **{Text(r.Verdict)}** | {Md(r.Claim.Rule)} |");
        }

        for (int i = 0; i < runs.Count; i++)
        {
            ClaimRun run = runs[i];
            ClaimRunRecord? record = records[i];
            w.WriteLine();
            w.WriteLine($"## {Md(run.Title)}");
            w.WriteLine();
            w.WriteLine(record is null ? $"Not run: rerun with `theory {string.Join(' ', run.Arguments(tier, seeds))}`." : $"Command: `{string.Join(' ', record.Command.Select(Quote))}` ({record.Seconds:F0} s, exit {record.ExitCode}; run.json SHA-256 `{record.RunJsonSha256 ?? "none"}`).");
            if (tier == Tier.Quick && run.QuickReduction is { } reduction)
            {
                w.WriteLine();
                w.WriteLine($"Quick tier: {Md(reduction)}.");
            }

            foreach (ClaimResult r in results.Where(r => r.Run == run))
            {
                w.WriteLine();
                w.WriteLine($"- **{Md(r.Claim.Id)}** ({Text(r.Verdict)}): {Md(r.Values.Detail)}");
            }

            if (run.Authors is { } authors)
            {
                w.WriteLine();
                w.Write(authors());
                if (tier == Tier.Quick)
                {
                    w.WriteLine();
                    w.WriteLine("(The quick run above is not at the authors' settings; the paper tier is.)");
                }
            }

            foreach (string figure in record?.Figures ?? [])
            {
                w.WriteLine();
                w.WriteLine($"![{Md(Path.GetFileNameWithoutExtension(figure))}]({(embed is null ? figure : DataUri(Path.Combine(embed, figure)))})");
            }
        }

        w.WriteLine();
        w.WriteLine("## What differs from the authors' code");
        w.WriteLine();
        foreach (string difference in Theory.Authors.PublishedDifferences.All)
        {
            w.WriteLine($"- {Md(difference)}");
        }

        w.WriteLine();
        w.WriteLine("## The run");
        w.WriteLine();
        w.WriteLine($"- commit `{OutputFolder.Commit}`, .NET {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        w.WriteLine($"- CPU {OutputFolder.CpuModel()}, {Environment.ProcessorCount} cores");
        ClaimRunRecord[] done = [.. records.OfType<ClaimRunRecord>()];
        if (done.Length > 0)
        {
            w.WriteLine($"- runs from {done.Min(r => r.Started)} (UTC), {done.Sum(r => r.Seconds):F0} s of runs in all");
        }

        return sb.ToString();
    }

    // One self-contained page: the Markdown rendered by Markdig, a small inline style, no script, no external resource.
    private static string Html(string markdown)
    {
        MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();
        string body = Markdig.Markdown.ToHtml(markdown, pipeline);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Theory: the claims, rerun</title>\n<style>\n"
            + "body { font-family: sans-serif; max-width: 90em; margin: 2em auto; padding: 0 1em; line-height: 1.4; }\n"
            + "table { border-collapse: collapse; font-size: 0.9em; }\nth, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; }\n"
            + "th { background: #eee; }\nimg { max-width: 100%; height: auto; display: block; margin: 1em 0; }\ncode { font-size: 0.9em; }\n"
            + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private static string DataUri(string path) => "data:image/png;base64," + Convert.ToBase64String(File.ReadAllBytes(path));

    // Markdown table cells: pipes escaped, line breaks flattened.
    private static string Md(string? text) => (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString(Math.Abs(x) is >= 1e-3 and < 1e5 || x == 0 ? "0.####" : "G3", CultureInfo.InvariantCulture) : string.Empty;

    private static string R(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static string Interval(ClaimValues v) => v.Low is { } lo && v.High is { } hi && double.IsFinite(lo) && double.IsFinite(hi) ? $"[{N(lo)}, {N(hi)}]" : string.Empty;

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_.,/=:+".Contains(c, StringComparison.Ordinal)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
