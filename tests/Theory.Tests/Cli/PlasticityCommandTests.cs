using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary><c>theory plasticity</c>: the table, JSON, files, the sweep store, determinism and bad input.</summary>
public class PlasticityCommandTests
{
    private static readonly string[] Small = ["plasticity", "--inputs", "5", "--outputs", "4", "--trajectories", "12", "--steps", "30", "--held-out", "2", "--quiet"];

    [Fact]
    public void Text_recovers_Oja_and_names_every_block()
    {
        CliRunner.Outcome r = CliRunner.Run(null, Small);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stderr);
        foreach (string part in new[] { "5 -> 4 sigmoid, eta 0.2", "Levenberg-Marquardt over 27 free terms", " 110          x y   1.0000", " 021        y^2 W  -1.0000",
            "held-out R^2 weights", "identifiability (first seed)", "condition number" })
        {
            Assert.Contains(part, r.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("NaN", r.Stdout, StringComparison.Ordinal);
        string scores = r.Stdout.Split('\n').Single(l => l.StartsWith("   1 ", StringComparison.Ordinal));
        Assert.StartsWith("   1              1.000000               1.000000", scores, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_and_out_folder_hold_the_same_fit_and_a_rerun_gives_the_same_bits()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string[] args = [.. Small, "--seeds", "2", "--noise", "0.05", "--observed", "0.5", "--json"];
        CliRunner.Outcome r = CliRunner.Run(null, [.. args, "--out", dir, "--plot", dir]);
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(27, root.GetProperty("terms").GetArrayLength());
        JsonElement xy = root.GetProperty("terms").EnumerateArray().Single(t => t.GetProperty("term").GetString() == "110");
        Assert.Equal(1.0, xy.GetProperty("true").GetDouble());
        Assert.Equal(2, xy.GetProperty("fitted").GetArrayLength());
        JsonElement[] seeds = [.. root.GetProperty("seeds").EnumerateArray()];
        Assert.Equal([1UL, 2UL], seeds.Select(s => s.GetProperty("seed").GetUInt64()));
        Assert.All(seeds, s => Assert.Equal(2, s.GetProperty("observed_units").GetInt32()));
        Assert.All(seeds, s => Assert.Equal(0.05 * s.GetProperty("output_sd").GetDouble(), s.GetProperty("noise_sd").GetDouble(), 12));

        foreach (string file in new[] { "plasticity.txt", "plasticity.json", "theta.csv", "loss.csv", "singular_values.npy", "plasticity.png", "plasticity.svg", "run.json" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        string[] theta = File.ReadAllLines(Path.Combine(dir, "theta.csv"));
        Assert.Equal("term,monomial,true,seed,fitted,local_se", theta[0]);
        Assert.Equal(1 + (2 * 27), theta.Length);
        (double[] sv, int[] shape) = Theory.Data.NpyReader.Read(Path.Combine(dir, "singular_values.npy"));
        Assert.Equal([27], shape);
        Assert.Equal(root.GetProperty("singular_values").EnumerateArray().Select(v => v.GetDouble()), sv);
        Assert.True(sv.Zip(sv.Skip(1)).All(p => p.First >= p.Second), "singular values largest first");
        int losses = seeds.Sum(s => s.GetProperty("loss").GetArrayLength());
        Assert.Equal(1 + losses, File.ReadAllLines(Path.Combine(dir, "loss.csv")).Length);

        CliRunner.Outcome again = CliRunner.Run(null, args);
        Assert.Equal(Strip(r.Stdout), Strip(again.Stdout));
    }

    [Fact]
    public void Binary_odours_name_the_x_squared_x_confound()
    {
        CliRunner.Outcome r = CliRunner.Run(null, [.. Small, "--input", "odour", "--odours", "6", "--firing", "0.4"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("near-null directions", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"x\^2[^\n]*x|x[^\n]*x\^2", r.Stdout.Split("near-null directions")[1]);
    }

    [Fact]
    public void The_sweep_runs_every_cell_resumes_from_its_tasks_and_shards()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string[] args = [.. Small, "--sweep", "--sweep-noise", "0", "0.1", "--sweep-observed", "1", "0.5", "--out", dir];
        CliRunner.Outcome first = CliRunner.Run(null, args);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("held-out R^2 of the weights (rows: noise / SD(y*); columns: observed fraction)", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not run", first.Stdout, StringComparison.Ordinal);
        string[] csv = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("noise,observed,observed_units,r2_weights", csv[0], StringComparison.Ordinal);

        // A rerun finds every cell in the store and prints the same table.
        CliRunner.Outcome second = CliRunner.Run(null, args);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(Strip(first.Stdout), Strip(second.Stdout));

        string part = Directory.CreateTempSubdirectory().FullName;
        CliRunner.Outcome shard = CliRunner.Run(null, [.. Small, "--sweep", "--sweep-noise", "0", "0.1", "--sweep-observed", "1", "0.5", "--out", part, "--shard", "1/2"]);
        Assert.Equal(0, shard.ExitCode);
        Assert.Contains("cells not run (other shards)", shard.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("110,1\n", "header must be 'term,theta'")]
    [InlineData("term,theta\n310,1\n", "unknown term '310'")]
    [InlineData("term,theta\n110,1\n110,2\n", "term 110 is given twice")]
    [InlineData("term,theta\n110,one\n", "theta 'one' is not a finite number")]
    public void A_bad_rule_file_is_one_line_naming_the_problem(string content, string message)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "rule.csv");
        File.WriteAllText(file, content);
        AssertRefused(CliRunner.Run(null, [.. Small, "--rule", file]), 2, message);
    }

    [Theory]
    [InlineData(new[] { "--inputs", "0" }, 2, "--inputs and --outputs must be from 1 to 5000")]
    [InlineData(new[] { "--outputs", "6000" }, 2, "--inputs and --outputs must be from 1 to 5000")]
    [InlineData(new[] { "--steps", "0" }, 2, "--trajectories and --steps must be from 1 to 100000")]
    [InlineData(new[] { "--observed", "0" }, 2, "--observed must be above 0 and at most 1 (got 0)")]
    [InlineData(new[] { "--observed", "1.5" }, 2, "--observed must be above 0 and at most 1 (got 1.5)")]
    [InlineData(new[] { "--noise", "-0.1" }, 2, "--noise and --absolute-noise must be 0 or more")]
    [InlineData(new[] { "--absolute-noise", "-1" }, 2, "--noise and --absolute-noise must be 0 or more")]
    [InlineData(new[] { "--l1", "0.1" }, 2, "--l1 needs --optimizer adam")]
    [InlineData(new[] { "--terms", "7:9" }, 2, "--terms 7:9 allows no term")]
    [InlineData(new[] { "--terms", "110,110" }, 2, "term 110 is given twice")]
    [InlineData(new[] { "--rule", "/no/such/rule.csv" }, 2, "no file '/no/such/rule.csv'")]
    [InlineData(new[] { "--sweep", "--sweep-observed", "0" }, 2, "--sweep-observed values above 0 and at most 1")]
    public void Bad_input_is_one_line_and_a_non_zero_exit(string[] extra, int code, string message) =>
        AssertRefused(CliRunner.Run(null, With(extra)), code, message);

    /// <summary><see cref="Small"/> with the options in <paramref name="extra"/> given their new values.</summary>
    private static string[] With(string[] extra)
    {
        var args = Small.ToList();
        for (int i = 0; i < extra.Length; i++)
        {
            int at = args.IndexOf(extra[i]);
            if (at >= 0 && i + 1 < extra.Length && !extra[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                args.RemoveRange(at, 2);
            }
        }

        return [.. args, .. extra];
    }

    [Fact]
    public void A_diverging_teacher_is_named_with_its_step_and_exit_1()
    {
        // dW = eta W doubles every weight each step at eta 1: past 1e6 within about 20 steps.
        string file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "growth.csv");
        File.WriteAllText(file, "term,theta\n001,1\n");
        AssertRefused(CliRunner.Run(null, [.. Small, "--rule", file, "--eta", "1"]), 1, "the teacher's weights diverge (|W| > 1e6) at step 2");
    }

    private static void AssertRefused(CliRunner.Outcome r, int code, string message)
    {
        Assert.Equal(code, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
        string line = Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    /// <summary>The output without its wall-clock seconds, the only field that may differ between runs.</summary>
    private static string Strip(string output) => System.Text.RegularExpressions.Regex.Replace(output, "\"seconds\": [0-9.eE+-]+|  [0-9]+\\.[0-9]{2}\n", "<s>");
}
