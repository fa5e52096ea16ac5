using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

public class LinearCommandTests
{
    [Fact]
    public void Json_output_has_one_row_per_rho_with_slopes_near_the_analytic_ones()
    {
        var r = CliRunner.Run(null, "linear", "--synapses", "30", "--samples", "800", "--steps", "4000", "--rho", "0.5", "--rho", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
        {
            double analytic = row.GetProperty("analytic_slope_importance").GetDouble();
            JsonElement exact = row.GetProperty("exact");
            Assert.InRange(exact.GetProperty("slope_importance").GetDouble(), analytic - 0.01, analytic + 0.01);
            Assert.True(exact.GetProperty("median_relative_error").GetDouble() < 0.01);
            Assert.Equal(2, exact.GetProperty("slope_importance_ci").GetArrayLength());
            Assert.True(row.GetProperty("monte_carlo").GetProperty("slope_mean_field").GetDouble() > 0);
        }
    }

    [Fact]
    public void Seeds_keep_every_fit_and_summarise_the_monte_carlo_slopes_across_them()
    {
        string[] args = ["linear", "--synapses", "30", "--samples", "800", "--steps", "400", "--rho", "1", "--json", "--quiet"];
        var single = CliRunner.Run(null, args);
        var replicated = CliRunner.Run(null, [.. args, "--seeds", "4"]);
        Assert.True(replicated.ExitCode == 0, replicated.Stderr);
        using JsonDocument one = JsonDocument.Parse(single.Stdout), many = JsonDocument.Parse(replicated.Stdout);
        JsonElement[] runs = [.. many.RootElement.GetProperty("runs").EnumerateArray()];
        Assert.Equal([1UL, 2UL, 3UL, 4UL], runs.Select(r => r.GetProperty("seed").GetUInt64()));
        Assert.Equal(JsonSerializer.Serialize(one.RootElement[0].GetProperty("monte_carlo")), JsonSerializer.Serialize(runs[0].GetProperty("monte_carlo")));
        double[] slopes = [.. runs.Select(r => r.GetProperty("monte_carlo").GetProperty("slope_importance").GetDouble())];
        Assert.True(slopes.Distinct().Count() == 4, "each seed its own Monte-Carlo fit");
        JsonElement mc = Assert.Single(many.RootElement.GetProperty("summary").EnumerateArray()).GetProperty("monte_carlo").GetProperty("slope_importance");
        double mean = slopes.Average(), sd = Math.Sqrt(slopes.Sum(v => (v - mean) * (v - mean)) / 3);
        Assert.Equal(mean, mc.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(mean + (3.182446305284263 * sd / 2), mc.GetProperty("ci")[1].GetDouble(), 10); // t(0.975, 3)
    }

    [Fact]
    public void Plot_writes_the_figure_and_leaves_the_table_unchanged()
    {
        string[] args = ["linear", "--synapses", "20", "--samples", "400", "--steps", "100", "--rho", "1"];
        var text = CliRunner.Run(null, args);
        string plotDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figures");
        var plotted = CliRunner.Run(null, [.. args, "--plot", plotDir]);
        Assert.Equal(0, plotted.ExitCode);
        Assert.Equal(text.Stdout, plotted.Stdout);
        Assert.Equal(["linear_noise.png", "linear_noise.svg", "run.json"], Directory.GetFiles(plotDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Table_names_every_mechanism_and_is_the_same_twice_whatever_the_thread_count()
    {
        var a = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "400", "--steps", "300");
        var b = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "400", "--steps", "300", "--threads", "1");
        Assert.Equal(0, a.ExitCode);
        foreach (string m in new[] { "calcium", "membrane", "actin", "trafficking" })
        {
            Assert.Contains(m, a.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Theory]
    [InlineData("--synapses", "1", "synapses must be from 2 to 5000 (got 1)")]
    [InlineData("--synapses", "100000", "synapses must be from 2 to 5000 (got 100000)")]
    [InlineData("--samples", "0", "samples must be from 1 to 1000000 (got 0)")]
    [InlineData("--samples", "1", "fewer than 3 synapses have A_ii > 0: nothing to fit")]
    [InlineData("--rho", "0", "rho must be positive")]
    [InlineData("--steps", "0", "steps must be at least 1 (got 0)")]
    [InlineData("--lr", "-1", "lr must be positive")]
    [InlineData("--sigma-y", "-1", "sigma-y must be positive")]
    [InlineData("--sigma-y", "1e-200", "sigma-y must lie between about 1e-154 and 1e154")]
    [InlineData("--sigma0", "1e-200", "sigma0 must lie between about 1e-154 and 1e154")]
    [InlineData("--sigma0", "-2", "sigma0 must be positive")]
    [InlineData("--threads", "0", "--threads must be at least 1 (got 0)")]
    [InlineData("--s", "1e300", "lambda (s/sigma)^rho is e^930 at the starting sigma 0.001, past double's range (e^709); lower rho, s or lambda.")]
    public void Bad_arguments_exit_2_with_one_line_naming_the_option(string option, string value, string message)
    {
        // Small defaults for the other sizes; the option under test is given once (System.CommandLine refuses a repeat).
        var args = new List<string> { "linear" };
        foreach ((string o, string v) in new[] { ("--synapses", "20"), ("--samples", "100"), ("--steps", "10") })
        {
            if (o != option)
            {
                args.AddRange([o, v]);
            }
        }

        args.AddRange([option, value]);
        var r = CliRunner.Run(null, [.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rho_given_twice_is_refused()
    {
        var r = CliRunner.Run(null, "linear", "--rho", "1", "2", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: --rho 1 is given more than once.", r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void One_sample_gives_every_active_synapse_the_same_importance_and_no_slope()
    {
        var r = CliRunner.Run(null, "linear", "--samples", "1", "--steps", "10");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("every synapse has the same importance A_ii", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Diverged_training_exits_1_with_one_line()
    {
        var r = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "100", "--steps", "300", "--rho", "0.5", "--lr", "1e6");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("training diverged (rho 0.5", r.Stderr, StringComparison.Ordinal);
    }
}
