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
    public void Table_names_every_mechanism_and_is_the_same_twice()
    {
        var a = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "400", "--steps", "300");
        var b = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "400", "--steps", "300");
        Assert.Equal(0, a.ExitCode);
        foreach (string m in new[] { "calcium", "membrane", "actin", "trafficking" })
        {
            Assert.Contains(m, a.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Theory]
    [InlineData("--synapses", "1")]
    [InlineData("--rho", "0")]
    [InlineData("--steps", "0")]
    [InlineData("--sigma0", "-2")]
    public void Bad_arguments_exit_2_with_one_line(string option, string value)
    {
        var r = CliRunner.Run(null, "linear", "--synapses", "20", "--samples", "100", "--steps", "10", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }
}
