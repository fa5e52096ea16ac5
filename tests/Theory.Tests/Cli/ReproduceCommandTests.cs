using System.Text.Json;
using Microsoft.Playwright;
using Theory.Cli;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary>
/// theory reproduce (issue 33): the claims judged from their runs, the task store (resume, shards, merge), bad input, and
/// the report opened in a real headless Chromium.
/// </summary>
public class ReproduceCommandTests
{
    // The claims whose runs take seconds: the bound, the experimental data and the plasticity rule.
    private static readonly string[] Fast = ["--only", "entropy-bound", "--only", "fig6-*", "--only", "plasticity-oja"];

    private static readonly Lazy<(string Folder, CliRunner.Outcome Outcome)> Report = new(() =>
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("theory-reproduce").FullName, "report");
        return (folder, CliRunner.Run(null, ["reproduce", "--out", folder, "--quiet", .. Fast]));
    });

    [Fact]
    public void Fast_claims_run_and_write_every_output_with_a_row_per_claim()
    {
        (string folder, CliRunner.Outcome r) = Report.Value;
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (string file in new[] { "claims.csv", "claims.json", "report.md", "report.html" })
        {
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 500, file);
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "claims.json")));
        JsonElement[] claims = [.. doc.RootElement.GetProperty("claims").EnumerateArray()];
        Assert.Equal(["entropy-bound", "fig6-rate", "fig6-learning-rate", "plasticity-oja"], claims.Select(c => c.GetProperty("id").GetString()));
        Assert.All(claims, c => Assert.Equal("holds", c.GetProperty("verdict").GetString()));
        Assert.All(claims, c => Assert.Matches("^[0-9a-f]{64}$", c.GetProperty("run_json_sha256").GetString()!));
        Assert.Equal("theory plasticity", claims[3].GetProperty("command").GetString());

        // Each run's run.json records the subcommand the claim ran, not the outer reproduce command line.
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "runs", "plasticity", "run.json")));
        Assert.StartsWith("theory plasticity ", manifest.RootElement.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("--only", manifest.RootElement.GetProperty("command").GetString(), StringComparison.Ordinal);

        // The measured values are the subcommands' own: the same as running them alone.
        CliRunner.Outcome data = CliRunner.Run(null, "data", "--json");
        using JsonDocument alone = JsonDocument.Parse(data.Stdout);
        JsonElement fit = alone.RootElement.GetProperty("ko2013").GetProperty("fits").EnumerateArray().First(f => f.GetProperty("y").GetString() == "var/mean");
        Assert.Equal(fit.GetProperty("slope").GetDouble(), claims[1].GetProperty("measured").GetDouble());
        Assert.Equal(fit.GetProperty("slope_ci")[0].GetDouble(), claims[1].GetProperty("ci")[0].GetDouble());

        // One CSV row per claim (the header, then four), and the console table says the same.
        string[] csv = File.ReadAllLines(Path.Combine(folder, "claims.csv"));
        Assert.Equal(5, csv.Count(l => l.StartsWith("entropy-bound,", StringComparison.Ordinal) || l.StartsWith("fig6-", StringComparison.Ordinal) || l.StartsWith("plasticity-oja,", StringComparison.Ordinal) || l.StartsWith("id,", StringComparison.Ordinal)));
        Assert.Contains("4 holds, 0 holds in part, 0 does not hold, 0 needs full size, 0 not run", r.Stdout, StringComparison.Ordinal);
        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("## What differs from the authors' code", markdown, StringComparison.Ordinal);
        Assert.Contains("](runs/plasticity/plasticity.png)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rerun_skips_finished_runs_merge_rebuilds_and_shards_split_them()
    {
        (string folder, CliRunner.Outcome first) = Report.Value;
        Assert.True(first.ExitCode == 0, first.Stderr);
        string[] tasks = Directory.GetFiles(Path.Combine(folder, "tasks"), "*.json");
        Assert.Equal(3, tasks.Length); // bound, data, plasticity
        DateTime[] written = [.. tasks.Select(File.GetLastWriteTimeUtc)];

        CliRunner.Outcome merged = CliRunner.Run(null, ["reproduce", "--out", folder, "--merge", .. Fast]);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(first.Stdout, merged.Stdout);
        Assert.Equal(written, tasks.Select(File.GetLastWriteTimeUtc));

        // Shard 2 of 2 alone: the merge names the claims whose run is missing, says not run, exits 1.
        string sharded = Path.Combine(Directory.CreateTempSubdirectory("theory-reproduce").FullName, "report");
        CliRunner.Outcome shard = CliRunner.Run(null, ["reproduce", "--out", sharded, "--quiet", "--shard", "2/2", .. Fast]);
        Assert.True(shard.ExitCode == 0, shard.Stderr);
        Assert.Contains("shard 2/2: ran 1 of its runs", shard.Stderr, StringComparison.Ordinal);
        CliRunner.Outcome partial = CliRunner.Run(null, ["reproduce", "--out", sharded, "--merge", .. Fast]);
        Assert.Equal(1, partial.ExitCode);
        Assert.Contains("2 of 4 claims were not run: entropy-bound, plasticity-oja", partial.Stderr, StringComparison.Ordinal); // shard 2/2 ran data
        Assert.Contains("not run: its run is not in the folder", File.ReadAllText(Path.Combine(sharded, "report.md")), StringComparison.Ordinal);
        CliRunner.Outcome rest = CliRunner.Run(null, ["reproduce", "--out", sharded, "--quiet", "--shard", "1/2", .. Fast]);
        Assert.True(rest.ExitCode == 0, rest.Stderr);
        CliRunner.Outcome whole = CliRunner.Run(null, ["reproduce", "--out", sharded, "--merge", .. Fast]);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Equal(first.Stdout, whole.Stdout);
    }

    [Theory]
    [InlineData("theory: --tier must be quick or paper (got 'huge').", "--tier", "huge")]
    [InlineData("theory: --only: no claim is 'nonesuch' (theory reproduce --list names them).", "--only", "nonesuch")]
    [InlineData("theory: --seeds must be from 2 to 100, so that a CI across seeds exists (got 1).", "--seeds", "1")]
    public void Bad_input_is_one_line_and_exit_2(string message, params string[] args)
    {
        CliRunner.Outcome r = CliRunner.Run(null, ["reproduce", "--list", .. args]);
        Assert.Equal((2, message), (r.ExitCode, r.Stderr.TrimEnd('\n')));
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void List_names_every_claim_under_the_command_line_of_its_run()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "reproduce", "--list", "--tier", "paper");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("slopes-deep: theory slopes --hidden 100,100 --layout published\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("tradeoff: theory tradeoff --hidden 100,100 --layout published --c 1e-3:1e4:29\n", r.Stdout, StringComparison.Ordinal);
        foreach (ClaimDefinition claim in ReproduceClaims.All)
        {
            Assert.Contains($"  {claim.Id} (", r.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Verdicts_follow_their_rules_and_the_quick_tier_defers_what_needs_full_size()
    {
        Assert.Equal(Verdict.Holds, ReproduceClaims.CiJudge(-0.79, -0.82, -0.78, -0.8, null, "").Verdict);
        Assert.Equal(Verdict.HoldsInPart, ReproduceClaims.CiJudge(-0.75, -0.76, -0.74, -0.8, null, "").Verdict); // 6% off, CI excludes it
        Assert.Equal(Verdict.DoesNotHold, ReproduceClaims.CiJudge(-0.6, -0.62, -0.58, -0.8, null, "").Verdict);
        Assert.Equal(Verdict.NotRun, ReproduceClaims.CiJudge(double.NaN, double.NaN, double.NaN, -0.8, null, "").Verdict);

        // A deep-network claim judged from a stored run: at quick size its verdict needs the paper tier, at paper size it stands.
        ClaimDefinition claim = ReproduceClaims.All.Single(c => c.Id == "fig5-slope-layer0");
        ClaimRun run = ReproduceClaims.Runs.Single(r => r.Id == claim.Run);
        string json = """[{"mechanism": "calcium", "layer": 0, "slope_fisher": -0.79, "slope_fisher_ci": [-0.81, -0.77], "authors_slope_fisher": -0.556}]""";
        ClaimRunRecord record = new("slopes-deep", "quick", ["theory", "slopes"], 0, json, string.Empty, 1, null, [], "2026-12-07T00:00:00Z");
        ClaimResult quick = ReproduceReport.Judge(claim, run, record, Tier.Quick);
        Assert.Equal(Verdict.NeedsFullSize, quick.Verdict);
        Assert.StartsWith("at quick size it holds; the verdict needs the paper tier.", quick.Values.Detail, StringComparison.Ordinal);
        Assert.Equal(-0.556, quick.Values.Authors);
        Assert.Equal(Verdict.Holds, ReproduceReport.Judge(claim, run, record, Tier.Paper).Verdict);

        // The authors' published numbers sit in the sections of the figures they published, from their arrays.
        Assert.Contains("| 2 | 1 | 83.0% / 0.576 | 10.4% / 0.758 |", ReproduceClaims.Runs.Single(r => r.Id == "tradeoff").Authors!(), StringComparison.Ordinal);
        Assert.Contains("| 0.5 | 0 | 78400 | -0.556 |", ReproduceClaims.Runs.Single(r => r.Id == "slopes-deep").Authors!(), StringComparison.Ordinal);
        Assert.All(ReproduceClaims.Runs.Where(r => r.Id is not ("tradeoff" or "slopes-deep")), r => Assert.Null(r.Authors));

        // A failed run and a run whose JSON lacks the claim's field are not run, with the reason.
        ClaimResult failed = ReproduceReport.Judge(claim, run, record with { ExitCode = 2, Errors = "theory: --epochs must be at least 1\n" }, Tier.Paper);
        Assert.Equal((Verdict.NotRun, "not run: the command failed (exit 2): theory: --epochs must be at least 1"), (failed.Verdict, failed.Values.Detail));
        ClaimResult lacking = ReproduceReport.Judge(claim, run, record with { Output = """[{"mechanism": "actin", "layer": 0}]""" }, Tier.Paper);
        Assert.Equal(Verdict.NotRun, lacking.Verdict);
        Assert.StartsWith("not run: the command's JSON lacks what the claim reads", lacking.Values.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The HTML report in Debian's Chromium, headless, driven by Playwright: it loads with no console error, every image
    /// has a non-zero natural width, the claims table has one row per claim, and nothing is fetched from the network.
    /// The test fails (it does not skip) when the browser cannot start.
    /// </summary>
    [Fact]
    public async Task The_html_report_opens_offline_in_a_real_browser()
    {
        (string folder, CliRunner.Outcome r) = Report.Value;
        Assert.True(r.ExitCode == 0, r.Stderr);
        string page = Path.Combine(folder, "report.html");
        string html = await File.ReadAllTextAsync(page);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // Copied alone into an empty folder: it needs no file beside it.
        string alone = Path.Combine(Directory.CreateTempSubdirectory("theory-report-alone").FullName, "report.html");
        File.Copy(page, alone);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        IPage tab = await browser.NewPageAsync();
        var errors = new List<string>();
        var requests = new List<string>();
        tab.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        tab.PageError += (_, error) => errors.Add(error);
        tab.Request += (_, request) => requests.Add(request.Url);
        IResponse? response = await tab.GotoAsync(new Uri(alone).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.True(response.Ok);

        int[] widths = await tab.EvaluateAsync<int[]>("() => Array.from(document.images, i => i.naturalWidth)");
        Assert.True(widths.Length >= 3, $"{widths.Length} images"); // bound, data (two), plasticity
        Assert.All(widths, w => Assert.True(w > 0));
        int rows = await tab.EvaluateAsync<int>("() => document.querySelector('table').tBodies[0].rows.length");
        Assert.Equal(4, rows);
        Assert.Empty(errors);
        Assert.All(requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"network request {url}"));
    }

}

/// <summary>theory reproduce's sweep (the tradeoff) split across shards by its own --shard, and joined by its own merge.</summary>
public class ReproduceSweepTests : IClassFixture<Theory.Tests.Training.MnistFixture>
{
    private readonly Theory.Tests.Training.MnistFixture _mnist;

    public ReproduceSweepTests(Theory.Tests.Training.MnistFixture mnist) => _mnist = mnist;

    [Fact]
    public void A_sharded_sweep_claim_merges_to_the_numbers_of_one_unsharded_run()
    {
        string[] Args(string folder, params string[] more) =>
            ["reproduce", "--out", folder, "--only", "fig2-heterogeneous-calcium", "--train-limit", "200", "--data", _mnist.Folder, "--quiet", .. more];
        string whole = Path.Combine(Directory.CreateTempSubdirectory("theory-reproduce").FullName, "whole");
        CliRunner.Outcome one = CliRunner.Run(null, Args(whole));
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Equal(48, Directory.GetFiles(Path.Combine(whole, "sweeps", "tradeoff", "tasks"), "*.json").Length); // 4 mechanisms x 2 settings x 6 c

        string split = Path.Combine(Directory.CreateTempSubdirectory("theory-reproduce").FullName, "split");
        foreach (string part in new[] { "1/2", "2/2" })
        {
            CliRunner.Outcome shard = CliRunner.Run(null, Args(split, "--shard", part));
            Assert.True(shard.ExitCode == 0, shard.Stderr);
            Assert.Contains($"shard {part}: ran 0 of its runs and its share of 1 sweep", shard.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(48, Directory.GetFiles(Path.Combine(split, "sweeps", "tradeoff", "tasks"), "*.json").Length);
        CliRunner.Outcome merged = CliRunner.Run(null, Args(split, "--merge"));
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(one.Stdout, merged.Stdout);
        using JsonDocument a = JsonDocument.Parse(File.ReadAllText(Path.Combine(whole, "claims.json")));
        using JsonDocument b = JsonDocument.Parse(File.ReadAllText(Path.Combine(split, "claims.json")));
        JsonElement x = a.RootElement.GetProperty("claims")[0], y = b.RootElement.GetProperty("claims")[0];
        Assert.Equal(x.GetProperty("measured").GetRawText(), y.GetProperty("measured").GetRawText());
        Assert.Equal(x.GetProperty("detail").GetString(), y.GetProperty("detail").GetString());
        Assert.Equal(x.GetProperty("command").GetString(), y.GetProperty("command").GetString());
        Assert.Contains("--train-limit 200", x.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Equal(x.GetProperty("verdict").GetString(), y.GetProperty("verdict").GetString());
    }
}
