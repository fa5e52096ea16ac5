using System.Text.Json;
using Theory.Tests.Training;
using Xunit;

namespace Theory.Tests.Cli;

public class PosteriorCommandTests : IClassFixture<MnistFixture>
{
    private readonly MnistFixture _mnist;

    public PosteriorCommandTests(MnistFixture mnist) => _mnist = mnist;

    [Fact]
    public void A_small_run_prints_every_row_and_writes_its_arrays()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "out");
        var r = CliRunner.Run(null, "posterior", "--data", _mnist.Folder, "--train-limit", "500", "--epochs", "2", "--lr", "3e-3", "--rho", "0.5", "--hidden", "8", "--quiet", "--json", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement[] rows = [.. doc.RootElement.GetProperty("rows").EnumerateArray()];
        Assert.Equal(6, rows.Length); // 3 c x 2 layers
        Assert.Equal(Math.Sqrt(2) / 0.01, doc.RootElement.GetProperty("prior_sigma").GetDouble(), 9);
        Assert.All(rows, x => Assert.InRange(x.GetProperty("accuracy").GetDouble(), 0, 1));
        Assert.Equal([784, 8], Theory.Data.NpyReader.Read(Path.Combine(dir, "vi_layer0_variance.npy")).Shape.Reverse());
        Assert.True(File.Exists(Path.Combine(dir, "posterior.txt")));
        Assert.Contains("rises as c falls", File.ReadAllText(Path.Combine(dir, "posterior.txt")), StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(dir, "rho_0.5_c*_layer*_sigma2.npy").Length);
    }

    [Theory]
    [InlineData("--prior-sigma 0", "theory: prior-sigma must be positive and finite (got 0).")]
    [InlineData("--kappa 0", "theory: variational Bayes needs a proper prior: give prior-sigma, or kappa > 0 for its default sqrt(2)/kappa.")]
    [InlineData("--c 1:2", "theory: --c must be FROM:TO:COUNT, such as 1e-3:1e4:8 (got '1:2').")]
    public void Bad_input_gets_one_line_naming_it(string args, string message)
    {
        var r = CliRunner.Run(null, ["posterior", .. args.Split(' '), "--quiet"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
    }
}
