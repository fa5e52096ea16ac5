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
