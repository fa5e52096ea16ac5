using System.Text.Json;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary><c>theory prune</c>: tables, JSON, files, determinism and bad input.</summary>
public class PruneCommandTests
{
    private static readonly string[] Small = ["prune", "--n", "120", "--steps", "200", "--draws", "5", "--repeats", "2", "--quiet"];

    [Fact]
    public void Text_names_every_check_and_method()
    {
        CliRunner.Outcome r = CliRunner.Run(null, [.. Small, "--sweep-n", "60", "120"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stderr);
        foreach (string part in new[] { "clusters 60/12/48", "Bartels-Stewart", "against -A^-1 / 2", "trace identity (14.6)", "noise rule", "|W| sampling", "uniform",
            "unbiasedness (14.5)", "response to the same input and noise", "eps against n" })
        {
            Assert.Contains(part, r.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("NaN", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_and_out_folder_hold_the_same_run_and_a_rerun_gives_the_same_bits()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        CliRunner.Outcome r = CliRunner.Run(null, [.. Small, "--json", "--keep", "0.2", "0.5", "--out", dir, "--plot", dir]);
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(120, root.GetProperty("n").GetInt32());
        Assert.True(root.GetProperty("covariance").GetProperty("residual").GetDouble() < 1e-12);
        JsonElement[] keeps = [.. root.GetProperty("keep").EnumerateArray()];
        Assert.Equal(2, keeps.Length);
        JsonElement rule = keeps[0].GetProperty("methods")[0];
        Assert.Equal("noise rule", rule.GetProperty("method").GetString());
        Assert.Equal(keeps[0].GetProperty("target").GetDouble(), rule.GetProperty("expected_kept").GetDouble(), 1e-6);
        Assert.Equal(2, rule.GetProperty("eps").GetProperty("ci").GetArrayLength());

        foreach (string file in new[] { "prune.txt", "prune.json", "eigenvalues_full.npy", "eigenvalues_rule_keep0.2.npy", "eigenvalues_uniform_keep0.5.npy", "response_keep0.2.csv", "prune.png", "prune.svg", "run.json" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        (double[] eig, int[] shape) = Theory.Data.NpyReader.Read(Path.Combine(dir, "eigenvalues_full.npy"));
        Assert.Equal([120, 2], shape);
        Assert.True(eig[0] < 0 && eig[1] == 0, "symmetric: real eigenvalues, slowest first");
        Assert.Equal("t,rule,weight,uniform", File.ReadLines(Path.Combine(dir, "response_keep0.2.csv")).First());

        CliRunner.Outcome again = CliRunner.Run(null, [.. Small, "--json", "--keep", "0.2", "0.5"]);
        Assert.Equal(r.Stdout, again.Stdout);
    }

    [Fact]
    public void Managed_linear_algebra_agrees_with_LAPACK()
    {
        string[] args = ["prune", "--n", "60", "--steps", "200", "--draws", "5", "--repeats", "2", "--quiet", "--symmetric", "false", "--check-time", "0", "--json"];
        using JsonDocument native = JsonDocument.Parse(CliRunner.Run(null, args).Stdout);
        using JsonDocument managed = JsonDocument.Parse(CliRunner.Run(null, [.. args, "--managed"]).Stdout);
        Assert.False(managed.RootElement.GetProperty("native_lapack").GetBoolean());
        Assert.Contains("Roberts", managed.RootElement.GetProperty("covariance").GetProperty("method").GetString(), StringComparison.Ordinal);
        double Eps(JsonDocument d) => d.RootElement.GetProperty("keep")[0].GetProperty("methods")[0].GetProperty("eps").GetProperty("mean").GetDouble();
        Assert.Equal(Eps(native), Eps(managed), 1e-8);
    }

    [Fact]
    public void A_file_network_runs_and_an_unstable_one_is_refused_with_its_eigenvalue()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string stable = Path.Combine(dir, "stable.csv");
        File.WriteAllText(stable, "0,0.2,0.1,0\n0.2,0,0.3,0.1\n0.1,0.3,0,0.2\n0,0.1,0.2,0\n");
        CliRunner.Outcome ok = CliRunner.Run(null, "prune", "--structure", stable, "--keep", "0.5", "--steps", "100", "--quiet");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("n = 4, W from the file; symmetric", ok.Stdout, StringComparison.Ordinal);

        string unstable = Path.Combine(dir, "unstable.csv");
        File.WriteAllText(unstable, "0,2\n2,0\n");
        CliRunner.Outcome bad = CliRunner.Run(null, "prune", "--structure", unstable, "--quiet");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("theory: A is not stable: its eigenvalue 1 has real part >= 0, so the stationary covariance does not exist.", bad.Stderr.TrimEnd('\n'));
        Assert.Equal(string.Empty, bad.Stdout);
    }

    [Theory]
    [InlineData("--keep 0", "theory: --keep must be above 0 and at most 1 (got 0).", 2)]
    [InlineData("--keep 1.5", "theory: --keep must be above 0 and at most 1 (got 1.5).", 2)]
    [InlineData("--form star", "theory: --form must be leak or laplacian (got 'star').", 2)]
    [InlineData("--n 3", "theory: --n must be from 4 to 20000 (got 3).", 2)]
    [InlineData("--repeats 0", "theory: --repeats must be from 1 to 1000 (got 0).", 2)]
    [InlineData("--structure /nonexistent/w.csv", "theory: no matrix file '/nonexistent/w.csv'.", 1)]
    public void Bad_input_is_one_line(string args, string message, int exit)
    {
        CliRunner.Outcome r = CliRunner.Run(null, ["prune", .. args.Split(' '), "--quiet"]);
        Assert.Equal(exit, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void Too_large_an_n_is_refused_before_anything_is_allocated()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "prune", "--n", "20000", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("theory: n = 20000 needs about 44.8 GB (14 dense 20000 x 20000 matrices); this machine offers", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_past_Eulers_stability_limit_is_refused_before_the_run()
    {
        CliRunner.Outcome r = CliRunner.Run(null, "prune", "--n", "300", "--form", "laplacian", "--dt", "0.05", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("theory: --dt 0.05 is too large for this A: Euler-Maruyama is stable for dt < -2 Re(lambda) / |lambda|^2", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_non_square_file_is_refused()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "w.csv");
        File.WriteAllText(path, "0,1,2\n1,0,2\n");
        CliRunner.Outcome r = CliRunner.Run(null, "prune", "--structure", path, "--quiet");
        Assert.Equal(1, r.ExitCode);
        Assert.EndsWith("the matrix is 2 x 3; it must be square with at least 2 rows.", r.Stderr.TrimEnd('\n'), StringComparison.Ordinal);
    }
}
