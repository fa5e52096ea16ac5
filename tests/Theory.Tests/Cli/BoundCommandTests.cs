using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

public class BoundCommandTests
{
    [Fact]
    public void Scan_reports_no_violation_and_json_carries_the_counts()
    {
        var r = CliRunner.Run(null, "bound", "--rho-count", "10", "--s-count", "5", "--sigma-count", "100", "--json");
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(5000, doc.RootElement.GetProperty("points").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("violations").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("monotone_violations").GetInt64());
        Assert.Equal(10, doc.RootElement.GetProperty("max_log_gap").GetArrayLength());
    }

    [Fact]
    public void Text_report_names_every_check()
    {
        var r = CliRunner.Run(null, "bound", "--rho-count", "6", "--s-count", "4", "--sigma-count", "50");
        Assert.Equal(0, r.ExitCode);
        foreach (string line in new[] { "points checked:           1,200", "violations (g < 0 or NaN): 0", "minimum gap:", "largest |sigma/s - 1|", "monotone in rho:          yes" })
        {
            Assert.Contains(line, r.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(90, "2 minutes")]
    [InlineData(5400, "1.5 hours")]
    [InlineData(3 * 86400, "3 days")]
    public void A_long_scan_states_its_remaining_time_in_sensible_units(double seconds, string expected) =>
        Assert.Equal(expected, Theory.Cli.BoundCommand.Duration(seconds));

    [Fact]
    public void Text_report_keeps_huge_log_gaps_short()
    {
        // At rho = 1e300 ln g is about 3e301: fixed point would print a 300-digit number.
        var r = CliRunner.Run(null, "bound", "--rho-max", "1e300", "--rho-count", "3", "--s-count", "3", "--sigma-count", "3");
        Assert.Equal(0, r.ExitCode);
        string last = r.Stdout.Split('\n').Last(l => l.StartsWith("1E+300", StringComparison.Ordinal));
        Assert.True(last.Length < 80, last);
        Assert.Matches(@"inf +3\.45388E\+301$", last.TrimEnd());
    }

    [Fact]
    public void Rho_near_the_top_of_the_double_range_gives_no_false_violation_and_json_null_for_an_infinite_log()
    {
        string[] args = ["bound", "--rho-min", "1e307", "--rho-max", "1.7e308", "--rho-count", "5", "--s-count", "3", "--sigma-count", "5"];
        var text = CliRunner.Run(null, args);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("violations (g < 0 or NaN): 0", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text.Stdout.Replace("(g < 0 or NaN)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var json = CliRunner.Run(null, [.. args, "--json"]);
        Assert.Equal(0, json.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(json.Stdout);
        Assert.All(doc.RootElement.GetProperty("max_log_gap").EnumerateArray(), v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
    }

    [Fact]
    public void A_kappa_whose_inverse_overflows_is_refused_by_name()
    {
        var r = CliRunner.Run(null, "bound", "--linear", "--kappa", "1e-320");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: --kappa must be from 1e-300 to 1e300, so that the Laplace scale 1/kappa is finite (got 1E-320).", r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void One_rho_needs_min_equal_to_max()
    {
        var r = CliRunner.Run(null, "bound", "--rho-count", "1", "--s-count", "2", "--sigma-count", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: rho-count 1 takes rho-min = rho-max, a single value (got [1E-06, 10]).", r.Stderr.TrimEnd('\n'));
        Assert.Equal(0, CliRunner.Run(null, "bound", "--rho-count", "1", "--rho-min", "2", "--rho-max", "2", "--s-count", "2", "--sigma-count", "3").ExitCode);
    }

    [Fact]
    public void Linear_table_has_the_four_mechanisms_with_a_non_negative_gap()
    {
        var r = CliRunner.Run(null, "bound", "--linear", "--synapses", "20", "--samples", "3000", "--json");
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(4, doc.RootElement.GetArrayLength());
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
        {
            Assert.True(row.GetProperty("bound").GetDouble() >= row.GetProperty("negative_elbo").GetDouble());
            Assert.True(row.GetProperty("l1_shortcut_change").GetDouble() >= 0);
        }
    }

    [Theory]
    [InlineData(false, "bound_gap")]
    [InlineData(true, "bound_elbo")]
    public void Plot_writes_the_figure_and_leaves_the_output_unchanged(bool linear, string stem)
    {
        string[] args = linear ? ["bound", "--linear", "--synapses", "20", "--samples", "3000"] : ["bound", "--rho-count", "6", "--s-count", "4", "--sigma-count", "50"];
        var text = CliRunner.Run(null, args);
        string plotDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figures");
        var plotted = CliRunner.Run(null, [.. args, "--plot", plotDir]);
        Assert.Equal(0, plotted.ExitCode);
        Assert.Equal(text.Stdout, plotted.Stdout);
        Assert.Equal([stem + ".png", stem + ".svg", "run.json"], Directory.GetFiles(plotDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Plot_into_a_file_is_refused_before_the_work()
    {
        string file = Path.GetTempFileName();
        var r = CliRunner.Run(null, "bound", "--linear", "--synapses", "20", "--samples", "3000", "--plot", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"theory: --plot '{file}' is a file, not a folder.", r.Stderr.TrimEnd('\n'));
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Linear_with_a_never_active_input_fails_with_one_line()
    {
        var r = CliRunner.Run(null, "bound", "--linear", "--synapses", "20", "--samples", "200");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("theory: a synapse is never active (A_ii = 0): its sigma* is unconstrained, so q is improper.", r.Stderr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("--rho-min", "0", "rho-min must be positive")]
    [InlineData("--sigma-count", "0", "sigma range needs")]
    [InlineData("--s-max", "nan", "s-max must be positive")]
    [InlineData("--rho-max", "1e-9", "rho range needs")]
    [InlineData("--sigma0", "1e-200", "sigma0 must lie between about 1e-154 and 1e154", "--linear")]
    public void Bad_ranges_exit_2_with_one_line(string option, string value, string message, string? extra = null)
    {
        // The --linear case used to print a table of NaN: 1/sigma_0^2 overflowed.
        var r = CliRunner.Run(null, ["bound", option, value, .. extra is null ? Array.Empty<string>() : [extra]]);
        Assert.Equal(2, r.ExitCode);
        string err = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', err);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }
}
