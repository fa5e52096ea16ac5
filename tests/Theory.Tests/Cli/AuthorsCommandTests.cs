using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary><c>theory authors</c>: the tables, the JSON, and bad input.</summary>
public class AuthorsCommandTests
{
    [Fact]
    public void Text_has_both_figures_and_the_attribution()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "authors", "--rho", "2");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("CC BY 4.0", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("2      het         1       82.97%     0.5757", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("slope_fisher", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("0.5      het", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Fact]
    public void Plot_draws_both_figures_from_the_arrays()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "plots");
        CliRunner.Outcome r = CliRunner.Run(null, "authors", "--rho", "2", "--plot", dir);
        Assert.Equal(0, r.ExitCode);
        foreach (string file in new[] { "authors_tradeoff.png", "authors_tradeoff.svg", "authors_figure5.png", "authors_figure5.svg", "run.json" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, file)).Length > 1000, file);
        }

        Assert.Contains("OLS slope", File.ReadAllText(Path.Combine(dir, "authors_figure5.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_rows_carry_rho_layer_and_slope_fisher()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "authors", "--json", "--version", "v2");
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("grid_inferred").GetBoolean());
        Assert.Equal(240, doc.RootElement.GetProperty("tradeoff").GetArrayLength());
        JsonElement[] fig5 = [.. doc.RootElement.GetProperty("figure5").EnumerateArray()];
        Assert.Equal(12, fig5.Length);
        JsonElement first = fig5[0];
        Assert.Equal(0.5, first.GetProperty("rho").GetDouble());
        Assert.Equal(0, first.GetProperty("layer").GetInt32());
        Assert.Equal(-0.556, first.GetProperty("slope_fisher").GetDouble(), 0.0005);
        Assert.Equal(5, first.GetProperty("ln_sigma2_quantiles").GetArrayLength());
    }

    [Theory]
    [InlineData("--version", "v9", "theory: --version must be v1 or v2 (got 'v9').")]
    [InlineData("--rho", "3", "theory: --rho 3 is not one of the arrays' exponents (0.5, 0.6667, 1.3333, 2).")]
    public void Bad_input_is_one_line_and_exit_2(string option, string value, string message)
    {
        CliRunner.Outcome r = CliRunner.Run(null, "authors", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
        Assert.Equal(string.Empty, r.Stdout);
    }
}

/// <summary>Theory's tradeoff table prints the authors' published value beside each run at one of their grid points.</summary>
public class TradeoffAuthorsColumnsTests
{
    [Fact]
    public void Merged_published_layout_sweep_prints_the_authors_accuracy_and_sigma_beside_theory()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var options = new Theory.Training.SoftmaxTrainingOptions(2, Hidden: [100, 100], Layout: Theory.Training.NetworkLayout.Published);
        var tasks = new[]
        {
            new Theory.Training.TradeoffTask("rho=2", 2, 1, Theory.Training.NoiseSetting.Heterogeneous),
            new Theory.Training.TradeoffTask("rho=2", 2, 3, Theory.Training.NoiseSetting.Heterogeneous), // not on the authors' grid
        };
        var spec = new Theory.Cli.TradeoffCommand.SweepSpec("mnist", null, options,
            [.. tasks.Select(t => new Theory.Cli.TradeoffCommand.SweepEntry(Theory.Cli.TradeoffCommand.Id(t, options, Theory.Data.DataSetKind.Mnist, null), t))]);
        File.WriteAllText(Path.Combine(dir, "sweep.json"), JsonSerializer.Serialize(spec, Theory.Sweeps.TaskJson.Options));
        var store = new Theory.Sweeps.TaskStore<Theory.Training.TradeoffRun>(dir);
        foreach ((Theory.Cli.TradeoffCommand.SweepEntry e, int i) in spec.Tasks.Select((e, i) => (e, i)))
        {
            store.Write(e.Id, new Theory.Training.TradeoffRun("rho=2", 2, e.Task.C, e.Task.Setting, 2e6, 0.61 + (0.01 * i), 0.9, 1.1, 0.05, 0.36, 10, 20, 3, 50, 1));
        }

        CliRunner.Outcome text = CliRunner.Run(null, "tradeoff", "--merge", dir);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("authors acc", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("82.97%", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("published layout", text.Stdout, StringComparison.Ordinal);

        CliRunner.Outcome json = CliRunner.Run(null, "tradeoff", "--merge", dir, "--json");
        using JsonDocument doc = JsonDocument.Parse(json.Stdout);
        JsonElement[] runs = [.. doc.RootElement.GetProperty("runs").EnumerateArray()];
        Assert.Equal(0.8297, runs[0].GetProperty("authors_accuracy_sampled").GetDouble(), 1e-12);
        Assert.Equal(0.5757, runs[0].GetProperty("authors_rms_sigma").GetDouble(), 1e-4);
        Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("authors_accuracy_sampled").ValueKind);
    }
}

/// <summary><c>theory authors --search</c>: the search for the authors' setup, on tiny data, end to end.</summary>
public class AuthorsSearchCommandTests : IClassFixture<Theory.Tests.Training.MnistFixture>
{
    private readonly Theory.Tests.Training.MnistFixture _mnist;

    public AuthorsSearchCommandTests(Theory.Tests.Training.MnistFixture mnist) => _mnist = mnist;

    private string[] Tiny(string folder, params string[] more) =>
        ["authors", "--search", folder, "--data", _mnist.Folder, "--train-limit", "200", "--epochs", "1", "--hidden", "10", "--quiet", "--threads", "2", .. more];

    [Fact]
    public void Search_trains_each_distinct_run_once_resumes_and_merges_to_the_same_table()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("theory-search").FullName, "search");
        CliRunner.Outcome first = CliRunner.Run(null, Tiny(folder, "--variants", "published,mean-at-test,s-rho-is-c,committed", "--points", "2:1,0.5:100:het"));
        Assert.True(first.ExitCode == 0, first.Stderr);

        // published and mean-at-test share their runs, committed differs from published only in the homogeneous setting:
        // 3 published + 3 s^rho = c + 1 committed (rho 2 c 1 hom; rho 0.5 c 100 het has no committed cell).
        string[] tasks = Directory.GetFiles(Path.Combine(folder, "tasks"), "*.json");
        Assert.Equal(7, tasks.Length);
        Assert.Contains(tasks, t => Path.GetFileName(t).StartsWith("rho2-het-c0.5-", StringComparison.Ordinal)); // s^rho = c: c 1 trains at c / rho
        Assert.Contains(tasks, t => Path.GetFileName(t).StartsWith("rho0.5-het-c200-", StringComparison.Ordinal));
        Assert.Matches(@"authors \(v1\)  91.8% / 0.300 +83.0% / 0.576", first.Stdout);
        Assert.Contains("NOT the authors' setting", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("best: ", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, File.ReadAllText(Path.Combine(folder, "search.txt")));

        // Each variant's row: the published run read with sampled weights, mean-at-test the same run with the mean weights.
        string[] csv = File.ReadAllLines(Path.Combine(folder, "search.csv"));
        string Row(string variant, string setting, string c) => csv.Single(l => l.StartsWith($"{variant},2,{c},", StringComparison.Ordinal) && l.Contains($",{setting},", StringComparison.Ordinal));
        string[] published = Row("published", "het", "1").Split(','), mean = Row("mean-at-test", "het", "1").Split(',');
        Assert.Equal(published[^1], mean[^1]); // the same task
        using (JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tasks", published[^1] + ".json"))))
        {
            Assert.Equal(run.RootElement.GetProperty("accuracy_sampled").GetDouble(), double.Parse(published[8], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(run.RootElement.GetProperty("accuracy_mean").GetDouble(), double.Parse(mean[8], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal("0.5", Row("s-rho-is-c", "het", "1").Split(',')[3]);
        Assert.Equal(string.Empty, Row("s-rho-is-c", "het", "10").Split(',')[8]); // not run: blank

        // The same command trains nothing again; --merge prints the same table; the task ids are theory tradeoff's.
        DateTime written = File.GetLastWriteTimeUtc(tasks[0]);
        CliRunner.Outcome again = CliRunner.Run(null, Tiny(folder, "--variants", "published,mean-at-test,s-rho-is-c,committed", "--points", "2:1,0.5:100:het"));
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Equal(written, File.GetLastWriteTimeUtc(tasks[0]));
        CliRunner.Outcome merged = CliRunner.Run(null, "authors", "--search", folder, "--merge");
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(first.Stdout, merged.Stdout);

        string sweep = Path.Combine(Directory.CreateTempSubdirectory("theory-search").FullName, "tradeoff");
        CliRunner.Outcome tradeoff = CliRunner.Run(null, "tradeoff", "--data", _mnist.Folder, "--train-limit", "200", "--epochs", "1", "--hidden", "10", "--layout", "published",
            "--rho", "2", "--c", "1:1:1", "--setting", "het", "--quiet", "--out", sweep);
        Assert.True(tradeoff.ExitCode == 0, tradeoff.Stderr);
        string id = Path.GetFileName(Directory.GetFiles(Path.Combine(sweep, "tasks"), "*.json").Single());
        using (JsonDocument a = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tasks", id))), b = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "tasks", id))))
        {
            foreach (string field in new[] { "accuracy_sampled", "accuracy_mean", "rms_sigma", "reliability_cost", "training_loss" })
            {
                Assert.Equal(b.RootElement.GetProperty(field).GetDouble(), a.RootElement.GetProperty(field).GetDouble());
            }
        }

        // Shards split the runs: two halves into a fresh folder, then the merge gives the same table.
        string sharded = Path.Combine(Directory.CreateTempSubdirectory("theory-search").FullName, "search");
        foreach (string part in new[] { "2/2", "1/2" })
        {
            CliRunner.Outcome shard = CliRunner.Run(null, Tiny(sharded, "--variants", "published,mean-at-test,s-rho-is-c,committed", "--points", "2:1,0.5:100:het", "--shard", part));
            Assert.True(shard.ExitCode == 0, shard.Stderr);
            Assert.Equal(string.Empty, shard.Stdout);
        }

        CliRunner.Outcome joined = CliRunner.Run(null, "authors", "--search", sharded, "--merge");
        Assert.Equal(first.Stdout.Replace(folder, sharded, StringComparison.Ordinal), joined.Stdout);
    }

    [Theory]
    [InlineData("--variants", "nonesuch", "theory: --variants: 'nonesuch' is not a variant; they are published, mean-at-test,")]
    [InlineData("--points", "3:1", "theory: --points: '3:1' is not RHO:C[:het|hom] at one of the search's points (2:0.1, 2:1, 2:10, 0.5:1, 0.5:10, 0.5:100).")]
    [InlineData("--points", "2:1:both", "theory: --points: '2:1:both' names setting 'both'; it is het or hom.")]
    [InlineData("--shard", "3/2", "theory: ")]
    public void Bad_search_input_is_one_line_and_exit_2(string option, string value, string message)
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("theory-search").FullName, "search");
        CliRunner.Outcome r = CliRunner.Run(null, Tiny(folder, option, value));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(message, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void Search_options_need_search_and_merge_needs_a_search_folder()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "authors", "--variants", "published");
        Assert.Equal((2, "theory: --variants goes only with --search.\n"), (r.ExitCode, r.Stderr));
        r = CliRunner.Run(null, "authors", "--search", "x", "--plot", "y");
        Assert.Equal((2, "theory: --plot does not go with --search.\n"), (r.ExitCode, r.Stderr));
        string empty = Directory.CreateTempSubdirectory("theory-search").FullName;
        r = CliRunner.Run(null, "authors", "--search", empty, "--merge");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a theory authors --search folder", r.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>theory slopes on the authors' network: Theory's weights beside theirs, weight by weight (issue 30).</summary>
public class Figure5WeightByWeightTests : IClassFixture<Theory.Tests.Training.MnistFixture>
{
    private readonly Theory.Tests.Training.MnistFixture _mnist;

    public Figure5WeightByWeightTests(Theory.Tests.Training.MnistFixture mnist) => _mnist = mnist;

    [Fact]
    public void Slopes_on_the_authors_network_print_both_quantiles_and_slopes_and_draw_both_densities()
    {
        string root = Directory.CreateTempSubdirectory("theory-fig5").FullName, output = Path.Combine(root, "out"), plots = Path.Combine(root, "plots");
        CliRunner.Outcome r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--hidden", "100,100", "--layout", "published", "--train-limit", "200", "--epochs", "2",
            "--lr", "3e-3", "--fisher-epochs", "1", "--rho", "0.5", "--rho", "2", "--quiet", "--out", output, "--plot", plots);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("weight by weight against the authors' Figure 5", r.Stdout, StringComparison.Ordinal);

        // The authors' column is their arrays' quantiles; Theory's are the saved arrays' quantiles (R type 7, as numpy),
        // with the Fisher in their units F / B, computed here by MathNet from the .npy files.
        static string Q(IEnumerable<double> q) => string.Join(" ", q.Select(v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
        static double[] Quantiles(IEnumerable<double> values) =>
            [.. Theory.Authors.AuthorsFigure5.QuantileLevels.Select(t => MathNet.Numerics.Statistics.Statistics.QuantileCustom(values.Where(double.IsFinite), t, MathNet.Numerics.Statistics.QuantileDefinition.R7))];
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "slopes.json")));
        foreach ((string mechanism, double rho, int layer) in new[] { ("rho=0.5", 0.5, 0), ("rho=2", 2.0, 2) })
        {
            Theory.Authors.AuthorsLayerSummary theirs = Theory.Authors.AuthorsFigure5.All().Single(l => l.Rho == rho && l.Layer == layer);
            string stem = Path.Combine(output, $"{mechanism.Replace('=', '_')}_layer{layer}");
            double[] lnSigma2 = [.. Theory.Data.NpyReader.Read(stem + "_sigma2.npy").Values.Select(v => Math.Log(v))];
            double[] lnFisher = [.. Theory.Data.NpyReader.Read(stem + "_fisher.npy").Values.Select(f => Math.Log(f / 20))];
            string line = r.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith($"{layer}  ", StringComparison.Ordinal) && l.Contains($" {mechanism} ", StringComparison.Ordinal) && l.Contains(Q(theirs.VarianceQuantiles), StringComparison.Ordinal));
            Assert.Contains(Q(Quantiles(lnSigma2)), line, StringComparison.Ordinal);
            Assert.Contains(Q(Quantiles(lnFisher)), line, StringComparison.Ordinal);
            Assert.Contains(Q(theirs.FisherQuantiles), line, StringComparison.Ordinal);
            Assert.Contains(theirs.Fisher.Slope.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), line, StringComparison.Ordinal);

            JsonElement row = doc.RootElement.EnumerateArray().Single(x => x.GetProperty("mechanism").GetString() == mechanism && x.GetProperty("layer").GetInt32() == layer);
            JsonElement fig5 = row.GetProperty("authors_figure5");
            Assert.Equal<double>(theirs.VarianceQuantiles, fig5.GetProperty("authors_ln_sigma2_quantiles").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            double[] mine = [.. fig5.GetProperty("ln_sigma2_quantiles").EnumerateArray().Select(e => e.GetDouble())];
            Assert.All(mine.Zip(Quantiles(lnSigma2)), p => Assert.Equal(p.Second, p.First, 1e-9));

            // The OLS slope over all weights with F > 0, recomputed from the arrays.
            int[] kept = [.. Enumerable.Range(0, lnFisher.Length).Where(i => double.IsFinite(lnFisher[i]))];
            double slope = MathNet.Numerics.Fit.Line([.. kept.Select(i => lnFisher[i])], [.. kept.Select(i => lnSigma2[i])]).B;
            Assert.Equal(slope, fig5.GetProperty("slope_fisher_all_weights").GetDouble(), 1e-9);
        }

        Assert.True(new FileInfo(Path.Combine(plots, "figure5_vs_authors.png")).Length > 10_000);

        // Not the authors' network: no block.
        CliRunner.Outcome other = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--hidden", "100,100", "--train-limit", "200", "--epochs", "1", "--fisher-epochs", "1", "--rho", "2", "--quiet");
        Assert.True(other.ExitCode == 0, other.Stderr);
        Assert.DoesNotContain("weight by weight", other.Stdout, StringComparison.Ordinal);
    }
}
