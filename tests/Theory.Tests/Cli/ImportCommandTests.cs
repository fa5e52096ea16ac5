using System.IO.Compression;
using System.Text.Json;
using Theory.Tests.Training;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary><c>theory import</c>: a network written by <c>slopes --out</c> reads back to the same table in every convention and format; bad files are one line.</summary>
public class ImportCommandTests : IClassFixture<MnistFixture>
{
    private readonly MnistFixture _mnist;

    public ImportCommandTests(MnistFixture mnist) => _mnist = mnist;

    private string[] Data => ["--data", _mnist.Folder, "--train-limit", "400", "--fisher-epochs", "1", "--quiet"];

    [Fact]
    public void Every_convention_and_format_gives_the_table_that_slopes_printed_for_the_same_parameters()
    {
        string root = Directory.CreateTempSubdirectory("import").FullName;
        var tables = new List<JsonElement[]>();
        JsonElement[]? trained = null;
        foreach (string convention in new[] { "plain", "efficientbayes", "bayesian-torch" })
        {
            string dir = Path.Combine(root, convention);
            CliRunner.Outcome s = CliRunner.Run(null, ["slopes", .. Data, "--epochs", "1", "--rho", "2", "--hidden", "12", "--lr", "3e-3", "--json", "--out", dir, "--save-as", convention]);
            Assert.Equal(0, s.ExitCode);
            trained ??= Rows(s.Stdout);
            string file = Path.Combine(dir, "rho_2.safetensors");
            Assert.True(File.Exists(file));
            CliRunner.Outcome r = CliRunner.Run(null, ["import", file, .. Data, "--json", "--layout", "text"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            tables.Add(Rows(r.Stdout));
        }

        // An .npz of the plain file's tensors, as numpy.savez writes it.
        string npz = Path.Combine(root, "net.npz");
        (Theory.Data.NamedTensor[] tensors, _) = Theory.Data.SafeTensors.Read(Path.Combine(root, "plain", "rho_2.safetensors"));
        using (var zip = new ZipArchive(File.Create(npz), ZipArchiveMode.Create))
        {
            foreach (Theory.Data.NamedTensor t in tensors)
            {
                using Stream e = zip.CreateEntry(t.Name + ".npy").Open();
                e.Write(Theory.Tests.Data.SafeTensorsTests.Npy("<f8", false, t.Shape, Theory.Tests.Data.SafeTensorsTests.Le8(t.Values)));
            }
        }

        CliRunner.Outcome fromNpz = CliRunner.Run(null, ["import", npz, .. Data, "--json", "--rho", "2"]);
        Assert.True(fromNpz.ExitCode == 0, fromNpz.Stderr);
        tables.Add(Rows(fromNpz.Stdout));

        foreach (JsonElement[] t in tables)
        {
            Assert.Equal(2, t.Length);
            for (int l = 0; l < 2; l++)
            {
                // The measurement at the mean weights is the trained run's; only the Fisher pass's draws differ.
                foreach (string key in new[] { "accuracy", "slope_hessian", "r_hessian", "level", "intercept_hessian" })
                {
                    Assert.Equal(trained![l].GetProperty(key).GetDouble(), t[l].GetProperty(key).GetDouble(), 1e-9);
                }

                Assert.Equal(0, t[l].GetProperty("epochs").GetInt32());
                Assert.Equal(JsonValueKind.Null, t[l].GetProperty("slope_lr").ValueKind);
                Assert.Equal(tables[0][l].GetProperty("slope_fisher").GetDouble(), t[l].GetProperty("slope_fisher").GetDouble(), 1e-9);
            }
        }
    }

    [Fact]
    public void Without_rho_every_mechanism_gets_its_line_and_an_EfficientBayes_file_a_layout_hint()
    {
        string dir = Directory.CreateTempSubdirectory("import").FullName;
        Assert.Equal(0, CliRunner.Run(null, ["slopes", .. Data, "--epochs", "1", "--rho", "1", "--out", dir, "--save-as", "efficientbayes"]).ExitCode);
        string file = Path.Combine(dir, "rho_1.safetensors");

        // The file's own rho comes from its metadata; strip it by rewriting the tensors without metadata.
        (Theory.Data.NamedTensor[] tensors, _) = Theory.Data.SafeTensors.Read(file);
        string bare = Path.Combine(dir, "bare.safetensors");
        using (FileStream s = File.Create(bare))
        {
            Theory.Data.SafeTensors.Write(s, [.. tensors.Select(t => (t.Name, t.Shape, t.Values))]);
        }

        CliRunner.Outcome r = CliRunner.Run(null, ["import", bare, .. Data]);
        Assert.Equal(0, r.ExitCode);
        foreach (string m in new[] { "calcium", "membrane", "actin", "trafficking" })
        {
            Assert.Contains(m, r.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("give --layout published", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", r.Stdout, StringComparison.Ordinal);
        CliRunner.Outcome own = CliRunner.Run(null, ["import", file, .. Data, "--layout", "published"]);
        Assert.Equal(0, own.ExitCode);
        Assert.Contains("rho=1", own.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("calcium", own.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, own.Stderr);
    }

    [Fact]
    public void Bad_files_and_options_are_one_line_and_exit_2()
    {
        string dir = Directory.CreateTempSubdirectory("import").FullName;
        string narrow = Path.Combine(dir, "narrow.safetensors");
        using (FileStream s = File.Create(narrow))
        {
            Theory.Data.SafeTensors.Write(s, [("layers.0.mu", [10, 12], new double[120]), ("layers.0.sigma", [10, 12], Enumerable.Repeat(0.1, 120).ToArray()),
                ("layers.0.bias_mu", [10], new double[10]), ("layers.0.bias_sigma", [10], Enumerable.Repeat(0.1, 10).ToArray())]);
        }

        string junk = Path.Combine(dir, "junk.safetensors");
        File.WriteAllBytes(junk, [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        (string[] Args, string Message)[] cases =
        [
            (["import", Path.Combine(dir, "none.safetensors")], "no file"),
            (["import", narrow, "--convention", "keras"], "--convention must be plain, efficientbayes or bayesian-torch (got 'keras')"),
            (["import", narrow, "--format", "npz"], "is not a zip, not the npz that --format names"),
            (["import", narrow], "layer 'layers.0' takes 12 inputs, the data set's images have 784 pixels"),
            (["import", junk], "the header length 200 runs past the file's 9 bytes"),
        ];
        foreach (var (args, message) in cases)
        {
            CliRunner.Outcome r = CliRunner.Run(null, [.. args, .. Data]);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal(string.Empty, r.Stdout);
            string line = Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains(message, line, StringComparison.Ordinal);
        }
    }

    private static JsonElement[] Rows(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone())];
}
