using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

public class DataCommandTests
{
    [Fact]
    public void Default_run_prints_both_data_sets_with_the_attribution_and_the_caveat()
    {
        var r = CliRunner.Run(null, "data");
        Assert.Equal(0, r.ExitCode);
        foreach (string part in new[] { "CC BY 4.0", "Ko et al. 2013 (ko2013.csv, 136 connections)", "var/mean  136  -0.714", "static Bayesian", "LTP  30", "LTD  14", "pooled  44", "only the sign and strength of the correlation are a clean test" })
        {
            Assert.Contains(part, r.Stdout, StringComparison.Ordinal);
        }

        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Json_has_the_fits_and_every_prediction_with_its_verdict()
    {
        var r = CliRunner.Run(null, "data", "--json");
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement ko = doc.RootElement.GetProperty("ko2013");
        Assert.Equal(["var/mean", "var", "mean"], ko.GetProperty("fits").EnumerateArray().Select(f => f.GetProperty("y").GetString()));
        Assert.True(ko.GetProperty("mean_unrelated_to_rate").GetBoolean() == (ko.GetProperty("fits")[2].GetProperty("slope_ci")[0].GetDouble() <= 0 && ko.GetProperty("fits")[2].GetProperty("slope_ci")[1].GetDouble() >= 0));
        Assert.Equal(6, ko.GetProperty("predictions").GetArrayLength());
        JsonElement sj = doc.RootElement.GetProperty("sjostrom2001");
        Assert.Equal(["LTP", "LTD", "pooled"], sj.GetProperty("fits").EnumerateArray().Select(f => f.GetProperty("y").GetString()));
        foreach (JsonElement section in new[] { ko, sj })
        {
            foreach (JsonElement p in section.GetProperty("predictions").EnumerateArray())
            {
                double exponent = p.GetProperty("exponent").GetDouble();
                JsonProperty[] verdicts = [.. p.GetProperty("inside_ci").EnumerateObject()];
                Assert.Equal(section.GetProperty("fits").GetArrayLength() - (section.Equals(ko) ? 1 : 0), verdicts.Length); // not the mean's fit
                foreach (JsonProperty verdict in verdicts)
                {
                    JsonElement f = section.GetProperty("fits").EnumerateArray().Single(f => f.GetProperty("y").GetString() == verdict.Name);
                    double[] bounds = [.. f.GetProperty("slope_ci").EnumerateArray().Select(e => e.GetDouble())];
                    Assert.Equal(bounds[0] <= exponent && exponent <= bounds[1], verdict.Value.GetBoolean());
                }
            }
        }

        double slope = ko.GetProperty("fits")[0].GetProperty("slope").GetDouble();
        double[] ci = [.. ko.GetProperty("fits")[0].GetProperty("slope_ci").EnumerateArray().Select(e => e.GetDouble())];
        Assert.True(ci[0] < slope && slope < ci[1]);
    }

    [Fact]
    public void Users_files_replace_the_shipped_ones_and_give_the_same_numbers_for_the_same_rows()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        foreach (string f in new[] { Theory.Experimental.ExperimentalData.KoFile, Theory.Experimental.ExperimentalData.LtpFile })
        {
            File.WriteAllText(Path.Combine(folder, f), ShippedText(f));
        }

        var shipped = CliRunner.Run(null, "data", "--json");
        var mine = CliRunner.Run(null, "data", "--json", "--file", Path.Combine(folder, "ko2013.csv"), "--file", Path.Combine(folder, "sjostrom2001_ltp_schug.csv"));
        Assert.Equal(0, mine.ExitCode);
        using JsonDocument a = JsonDocument.Parse(shipped.Stdout), b = JsonDocument.Parse(mine.Stdout);
        Assert.Equal(a.RootElement.GetProperty("ko2013").GetProperty("fits").GetRawText(), b.RootElement.GetProperty("ko2013").GetProperty("fits").GetRawText());
        Assert.False(b.RootElement.TryGetProperty("attribution", out _));
        JsonElement fit = Assert.Single(b.RootElement.GetProperty("sjostrom2001").GetProperty("fits").EnumerateArray());
        Assert.Equal("sjostrom2001_ltp_schug", fit.GetProperty("y").GetString());
        Assert.Equal(30, fit.GetProperty("n").GetInt32());
    }

    [Fact]
    public void A_malformed_file_is_one_line_naming_file_and_line_and_nothing_on_stdout()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "broken.csv");
        File.WriteAllText(path, "mean,var,foopsi_mean\n0.3,0.2,0.002\n0.1,0.05\n");
        var r = CliRunner.Run(null, "data", "--file", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"theory: {path}:3: 2 fields, the header has 3.", r.Stderr.TrimEnd('\n'));
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void Plot_writes_both_figures_and_leaves_the_table_unchanged()
    {
        string plotDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figures");
        var text = CliRunner.Run(null, "data");
        var plotted = CliRunner.Run(null, "data", "--plot", plotDir);
        Assert.Equal(0, plotted.ExitCode);
        Assert.Equal(text.Stdout, plotted.Stdout);
        Assert.Equal(["data_ko2013.png", "data_ko2013.svg", "data_sjostrom.png", "data_sjostrom.svg", "run.json"], Directory.GetFiles(plotDir).Select(Path.GetFileName).Order());
    }

    private static string ShippedText(string file)
    {
        var t = Theory.Experimental.ExperimentalData.Shipped(file);
        return string.Join("\n", new[] { string.Join(",", t.Header.Select(h => h.Contains(',', StringComparison.Ordinal) ? $"\"{h}\"" : h)) }.Concat(t.Rows.Select(r => string.Join(",", r)))) + "\n";
    }
}
