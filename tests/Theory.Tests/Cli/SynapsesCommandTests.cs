using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

public class SynapsesCommandTests
{
    private static readonly string[] Small = ["synapses", "--synapses", "12", "--samples", "3000", "--tau", "500", "--burn-in", "500", "--chain", "20000", "--quiet"];

    [Fact]
    public void Json_is_the_same_per_seed_and_out_writes_the_arrays()
    {
        var a = CliRunner.Run(null, [.. Small, "--json"]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Equal(a.Stdout, CliRunner.Run(null, [.. Small, "--json"]).Stdout);
        Assert.NotEqual(a.Stdout, CliRunner.Run(null, [.. Small, "--json", "--seed", "2"]).Stdout);
        using JsonDocument doc = JsonDocument.Parse(a.Stdout);
        JsonElement[] rows = [.. doc.RootElement.GetProperty("rows").EnumerateArray()];
        Assert.Equal(9, rows.Length); // exact, mean-field, static filter, Langevin, drifting filter, four mechanisms
        Assert.Equal(0.5 * doc.RootElement.GetProperty("langevin_step_limit").GetDouble(), doc.RootElement.GetProperty("langevin_step").GetDouble(), 1e-15);
        Assert.Equal(10_000, doc.RootElement.GetProperty("drift_steps").GetInt32()); // 20 tau

        string dir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "out");
        var text = CliRunner.Run(null, [.. Small, "--out", dir]);
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("Bayesian filter, drifting", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(text.Stdout, File.ReadAllText(Path.Combine(dir, "synapses.txt")));
        foreach (string name in new[] { "rates", "variance_exact_marginal_exact", "variance_mean_field", "variance_bayesian_filter_static", "variance_langevin", "variance_bayesian_filter_drifting", "variance_energy_efficient_calcium" })
        {
            Assert.Equal(12, Theory.Data.NpyReader.Read(Path.Combine(dir, name + ".npy")).Values.Length);
        }

        (double[] cov, int[] shape) = Theory.Data.NpyReader.Read(Path.Combine(dir, "covariance_exact.npy"));
        Assert.Equal([12, 12], shape);
        Assert.Equal(Theory.Data.NpyReader.Read(Path.Combine(dir, "variance_exact_marginal_exact.npy")).Values, Enumerable.Range(0, 12).Select(i => cov[(i * 12) + i]));
        Assert.Equal([12, 12], Theory.Data.NpyReader.Read(Path.Combine(dir, "covariance_langevin.npy")).Shape);
        Assert.True(File.Exists(Path.Combine(dir, "run.json")));

        // The figure: its SVG has dashed lines, which Skia's SVG canvas reported on fd 2 once per line.
        string plotDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "plot");
        var plotted = CliRunner.Run(null, [.. Small, "--plot", plotDir]);
        Assert.True(plotted.ExitCode == 0, plotted.Stderr);
        Assert.Equal(string.Empty, plotted.Stderr);
        Assert.True(File.Exists(Path.Combine(plotDir, "synapses.svg")));
    }

    [Theory]
    [InlineData("--step 1", "theory: the Langevin step must be above 0 and below 2/lambda_max(P) = ")]
    [InlineData("--step-fraction 1", "theory: --step-fraction must be above 0 and below 1: at 1 the step is 2/lambda_max(P), where the chain diverges (got 1).")]
    [InlineData("--step 1e-6 --step-fraction 0.3", "theory: give --step or --step-fraction, not both.")]
    [InlineData("--synapses 2", "theory: --synapses must be from 3 to 2000 (the chain's covariance is d x d, updated every step; got 2).")]
    [InlineData("--chain 10", "theory: --chain must be from 1000 to 1e8 and --burn-in from 0 to 1e8 (got 10 and 500).")]
    [InlineData("--tau 1", "theory: --tau must be from 2 to 1e8 steps (got 1).")]
    [InlineData("--correlation 1", "theory: correlation must be from 0 to below 1 (got 1).")]
    public void Bad_input_gets_one_line_naming_it(string args, string message)
    {
        // The small run's options, with the bad ones put in their place.
        var given = args.Split(' ');
        var list = Small.ToList();
        for (int i = 0; i < given.Length; i += 2)
        {
            int at = list.IndexOf(given[i]);
            if (at >= 0)
            {
                list[at + 1] = given[i + 1];
            }
            else
            {
                list.AddRange([given[i], given[i + 1]]);
            }
        }

        var r = CliRunner.Run(null, [.. list]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(message, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(string.Empty, r.Stdout);
    }
}
