using System.Text.Json;
using Theory.Tests.Training;
using Xunit;

namespace Theory.Tests.Cli;

public class SlopesCommandTests : IClassFixture<MnistFixture>
{
    private readonly MnistFixture _mnist;

    public SlopesCommandTests(MnistFixture mnist) => _mnist = mnist;

    private static readonly string[] Keys =
    [
        "mechanism", "rho", "accuracy", "slope_hessian", "slope_hessian_ci", "slope_fisher", "slope_fisher_ci", "analytic_slope",
        "intercept_hessian", "analytic_intercept", "slope_lr", "analytic_slope_lr", "corr_input_rate", "level", "epochs", "sigma_drift",
        "slope_laplace_variance",
    ];

    [Fact]
    public void A_file_as_data_folder_and_an_empty_out_are_refused_by_name()
    {
        string file = Path.GetTempFileName();
        var r = CliRunner.Run(null, "slopes", "--data", file, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"theory: --data '{file}' is a file; give the folder that holds (or will hold) the four IDX files.", r.Stderr.TrimEnd('\n'));
        var empty = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--out", "", "--quiet");
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal("theory: --out needs a folder name (got '').", empty.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Seeds_give_every_run_and_a_summary_whose_first_run_is_the_single_run()
    {
        string[] common = ["slopes", "--data", _mnist.Folder, "--train-limit", "600", "--epochs", "2", "--fisher-epochs", "1", "--rho", "2", "--lr", "3e-3", "--json", "--quiet"];
        var single = CliRunner.Run(null, [.. common]);
        string outDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "run");
        var replicated = CliRunner.Run(null, [.. common, "--seeds", "3", "--out", outDir]);
        Assert.True(replicated.ExitCode == 0, replicated.Stderr);
        using JsonDocument one = JsonDocument.Parse(single.Stdout), many = JsonDocument.Parse(replicated.Stdout);
        JsonElement[] runs = [.. many.RootElement.GetProperty("runs").EnumerateArray()];
        Assert.Equal([1UL, 2UL, 3UL], runs.Select(r => r.GetProperty("seed").GetUInt64()));
        Assert.Equal(JsonSerializer.Serialize(one.RootElement[0]), JsonSerializer.Serialize(runs[0])); // replicate 0 is the run without --seeds, bit for bit
        Assert.NotEqual(runs[0].GetProperty("accuracy").GetDouble(), runs[1].GetProperty("accuracy").GetDouble());

        // The summary against a t interval computed here from the runs (t(0.975, 2) = 4.302652729911275).
        double[] slopes = [.. runs.Select(r => r.GetProperty("slope_hessian").GetDouble())];
        double mean = slopes.Average(), sd = Math.Sqrt(slopes.Sum(v => (v - mean) * (v - mean)) / 2);
        JsonElement summary = Assert.Single(many.RootElement.GetProperty("summary").EnumerateArray()).GetProperty("slope_hessian");
        Assert.Equal(mean, summary.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(sd, summary.GetProperty("sd").GetDouble(), 12);
        Assert.Equal(mean - (4.302652729911275 * sd / Math.Sqrt(3)), summary.GetProperty("ci")[0].GetDouble(), 10);
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            Assert.True(File.Exists(Path.Combine(outDir, $"rho_2_seed{seed}_layer0_sigma2.npy")), $"seed {seed}'s arrays");
        }

        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "slopes.csv")).Length); // header and a row per run
        string[] summaryCsv = File.ReadAllLines(Path.Combine(outDir, "slopes_summary.csv"));
        Assert.Equal(2, summaryCsv.Length);
        string[] header = summaryCsv[0].Split(','), values = summaryCsv[1].Split(',');
        Assert.Equal(mean, double.Parse(values[Array.IndexOf(header, "slope_hessian_mean")], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(1 + (3 * 10), File.ReadAllLines(Path.Combine(outDir, "drift_by_decile.csv")).Length); // header, 3 runs x 10 deciles
        var text = CliRunner.Run(null, [.. common.Where(a => a != "--json"), "--seeds", "3"]);
        Assert.Contains("3 independent runs per mechanism (seeds 1..3)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("analytic in CI", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_every_documented_key_and_out_writes_csv_json_and_npy()
    {
        string outDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "run");
        var r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--train-limit", "1000", "--epochs", "1", "--fisher-epochs", "1",
            "--rho", "0.5", "--rho", "2", "--lr", "1e-3", "--json", "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
        {
            foreach (string key in Keys)
            {
                Assert.True(row.TryGetProperty(key, out _), $"missing key {key}");
            }

            Assert.Equal(2, row.GetProperty("slope_hessian_ci").GetArrayLength());
            Assert.Equal(1, row.GetProperty("epochs").GetInt32());
        }

        Assert.Equal(-0.8, doc.RootElement[0].GetProperty("analytic_slope").GetDouble(), 12);
        foreach (string file in new[] { "slopes.csv", "slopes.json", "slopes.txt", "rho_0.5_layer0_sigma2.npy", "rho_2_layer0_hessian.npy", "rho_2_layer0_fisher.npy", "rho_2_layer0_learning_rate.npy", "rho_2_layer0_learning_rate_proxy.npy", "rho_2_layer0_input_rate.npy", "rho_2_layer0_laplace_variance.npy", "rho_2_layer0_fisher_hessian.npy", "rho_2_layer0_mean_abs_input.npy" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"missing {file}");
        }

        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "slopes.csv")).Length);
        Assert.Equal(128 + 7840 * 8, new FileInfo(Path.Combine(outDir, "rho_2_layer0_sigma2.npy")).Length);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp*"));
    }

    [Fact]
    public void Table_is_the_same_for_the_same_seed()
    {
        string[] args = ["slopes", "--data", _mnist.Folder, "--train-limit", "400", "--epochs", "1", "--fisher-epochs", "1", "--rho", "1", "--quiet"];
        var a = CliRunner.Run(null, args);
        var b = CliRunner.Run(null, args);
        Assert.Equal(0, a.ExitCode);
        Assert.Contains("rho=1", a.Stdout, StringComparison.Ordinal);
        Assert.Equal(a.Stdout, b.Stdout);
        Assert.DoesNotContain("NaN", a.Stdout, StringComparison.Ordinal);
        // One rho takes every core inside the run; the threads change the speed, not the table.
        Assert.EndsWith($"(1 run at a time, {Environment.ProcessorCount} {(Environment.ProcessorCount == 1 ? "thread" : "threads")} each)", a.Stderr.TrimEnd('\n'), StringComparison.Ordinal);
        var c = CliRunner.Run(null, [.. args, "--threads", "1"]);
        Assert.Equal(a.Stdout, c.Stdout);
        Assert.EndsWith("(1 run at a time, 1 thread each)", c.Stderr.TrimEnd('\n'), StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_network_prints_one_block_per_layer_and_names_the_layer_in_json_and_files()
    {
        string outDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "deep");
        string[] args = ["slopes", "--data", _mnist.Folder, "--train-limit", "400", "--epochs", "1", "--fisher-epochs", "1", "--rho", "1", "--quiet", "--hidden", "20,10"];
        var text = CliRunner.Run(null, [.. args, "--out", outDir]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("network 784 -> 20 -> 10 -> 10; the paper's layout", text.Stdout, StringComparison.Ordinal);
        foreach (string block in new[] { "layer 0: 784 -> 20 (inputs: pixels)", "layer 1: 20 -> 10 (inputs: the units of layer 0)", "layer 2: 10 -> 10 (inputs: the units of layer 1)" })
        {
            Assert.Contains(block, text.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("NaN", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(128 + 20 * 784 * 8, new FileInfo(Path.Combine(outDir, "rho_1_layer0_sigma2.npy")).Length);
        Assert.Equal(128 + 10 * 20 * 8, new FileInfo(Path.Combine(outDir, "rho_1_layer1_hessian.npy")).Length);
        Assert.Equal(128 + 10 * 10 * 8, new FileInfo(Path.Combine(outDir, "rho_1_layer2_fisher.npy")).Length);

        var json = CliRunner.Run(null, [.. args, "--json"]);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal([0, 1, 2], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("layer").GetInt32()));
        Assert.All(doc.RootElement.EnumerateArray(), r => Assert.Equal("784 -> 20 -> 10 -> 10", r.GetProperty("network").GetString()));

        string plotDir = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figures");
        var plotted = CliRunner.Run(null, [.. args, "--plot", plotDir]);
        Assert.Equal(0, plotted.ExitCode);
        Assert.Equal(text.Stdout, plotted.Stdout);
        Assert.True(new FileInfo(Path.Combine(plotDir, "slopes_hessian.png")).Length > 1000);
        Assert.True(new FileInfo(Path.Combine(plotDir, "slopes_hessian.svg")).Length > 1000);

        var published = CliRunner.Run(null, [.. args, "--layout", "published"]);
        Assert.Equal(0, published.ExitCode);
        Assert.Contains("the published code's layout", published.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(text.Stdout, published.Stdout);
    }

    [Theory]
    [InlineData("100,x", "--hidden must be comma-separated widths")]
    [InlineData("0", "--hidden must be comma-separated widths")]
    [InlineData("100,,100", "--hidden must be comma-separated widths")]
    public void Bad_hidden_widths_are_refused_in_one_line(string hidden, string message)
    {
        var r = CliRunner.Run(null, ["slopes", "--data", _mnist.Folder, "--hidden", hidden, "--quiet"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Bad_layout_is_refused()
    {
        var r = CliRunner.Run(null, ["slopes", "--data", _mnist.Folder, "--layout", "sideways", "--quiet"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--layout must be text or published (got 'sideways')", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dataset", "cifar", "--dataset must be mnist or fashion")]
    [InlineData("--estimator", "exact", "--estimator must be sample or local")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    [InlineData("--train-limit", "0", "--train-limit must be at least 100")]
    [InlineData("--train-limit", "1", "--train-limit must be at least 100, so that the weights' H differ enough to fit a slope (got 1).")]
    [InlineData("--batch", "2147483647", "batch must be from 1 to 100000 (got 2147483647).")]
    [InlineData("--lr", "4.9e-324", "lr must be from 1E-12 to 1000000 (got 5E-324).")]
    [InlineData("--lr-sigma", "1e7", "lr-sigma must be from 1E-12 to 1000000 (got 10000000).")]
    [InlineData("--epochs", "0", "epochs must be at least 1")]
    [InlineData("--rho", "-1", "rho must be positive")]
    [InlineData("--lr", "0", "lr must be positive")]
    [InlineData("--batch", "0", "batch must be from 1 to 100000 (got 0)")]
    [InlineData("--prior-sigma", "-1", "prior-sigma must be positive")]
    [InlineData("--sigma-init", "-1", "sigma-init must be positive")]
    [InlineData("--rho", "1e9", "lambda (s/sigma)^rho is e^2302585093 at the starting sigma 0.0001, past double's range")]
    [InlineData("--lr", "1,5", "--lr must be a number written with a decimal point, not a comma (got '1,5').")]
    [InlineData("--rho", "2,5", "--rho must be a number written with a decimal point, not a comma (got '2,5').")]
    [InlineData("--lr-sigma", "y", "--lr-sigma must be a number (got 'y').")]
    [InlineData("--epochs", "1,000", "--epochs must be a whole number up to 2147483647 (got '1,000').")]
    [InlineData("--train-limit", "5e3", "--train-limit must be a whole number up to 2147483647 (got '5e3').")]
    [InlineData("--seed", "-1", "--seed must be a whole number from 0 to 18446744073709551615 (got '-1').")]
    [InlineData("--seeds", "0", "--seeds must be from 1 to 1000 (got 0).")]
    [InlineData("--seed", "18446744073709551615", "--seed 18446744073709551615 leaves no room for 2 seeds below 2^64.", "--seeds=2")]
    [InlineData("--rho", "0.5", "--rho 0.5 is given more than once.", "0.5")]
    [InlineData("--kappa", "1e300", "kappa^2/2, the default prior precision of the Laplace posterior, overflows at kappa 1E+300")]
    [InlineData("--prior-sigma", "1e-200", "prior-sigma is so small that 1/prior-sigma^2 overflows (got 1E-200)")]
    [InlineData("--sigma-init", "1e-40", "sigma-init must be at least 1.1754943508222875E-38 in single precision", "--float")]
    public void Bad_arguments_give_one_line_and_exit_2(string option, string value, string message, string? extra = null)
    {
        // Every one of these is caught before any data is read or any training starts.
        string[] args = ["slopes", "--data", _mnist.Folder, option, value, .. extra is null ? Array.Empty<string>() : [extra]];
        var r = CliRunner.Run(null, args);
        Assert.Equal(2, r.ExitCode);
        string err = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', err);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--lr", "1e6", "training diverged (rho 0.5, training epoch 1)")]
    [InlineData("--sigma-init", "1e-200", "sigma^2 is 0 for 7840 weights")]
    public void Runs_that_cannot_be_fitted_give_one_line_and_exit_1(string option, string value, string message)
    {
        var r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--train-limit", "500", "--epochs", "1", "--fisher-epochs", "1",
            "--rho", "0.5", "--quiet", option, value);
        Assert.Equal(1, r.ExitCode);
        string err = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', err);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void An_out_folder_that_cannot_be_written_fails_before_any_training()
    {
        // A folder under a regular file cannot be created, even by root (the test command runs as root).
        string file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "plain.txt");
        File.WriteAllText(file, "x");
        var r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--train-limit", "500", "--epochs", "1", "--out", Path.Combine(file, "sub"));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"theory: cannot write in --out folder '{Path.Combine(file, "sub")}'", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n')); // no data loading or training lines before it
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void Out_given_a_file_is_refused_before_any_training()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "plain.txt");
        File.WriteAllText(file, "x");
        var r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--out", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"theory: --out '{file}' is a file, not a folder.", r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void A_quantity_that_overflows_is_named_instead_of_failing_in_the_fit()
    {
        // kappa 1e300 with a finite prior: the magnitude gradient's square, summed by the Fisher pass, overflows.
        var r = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--train-limit", "500", "--epochs", "1", "--fisher-epochs", "1",
            "--rho", "1", "--quiet", "--kappa", "1e300", "--prior-sigma", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("theory: the empirical Fisher is Infinity for 7840 weights", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Fashion_mnist_comes_from_the_debian_package()
    {
        // Installs dataset-fashion-mnist with apt-get when it is missing (the test command runs as root).
        var r = CliRunner.Run(null, "slopes", "--dataset", "fashion", "--data", Path.Combine(Path.GetTempPath(), "theory-no-such-folder"),
            "--train-limit", "500", "--epochs", "1", "--fisher-epochs", "1", "--rho", "1", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("Fashion-MNIST (500 training images, content checked by SHA-256, from /usr/share/datasets/fashion-mnist)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fashion_mnist_with_mnist_in_the_default_cache_does_not_train_on_mnist()
    {
        // Issue 21: the default cache data/mnist held MNIST under Fashion-MNIST's file names, and --dataset
        // fashion trained on it. A checkout with MNIST in data/mnist: fashion must come from its own source.
        string root = Directory.CreateTempSubdirectory("theory-repo-").FullName;
        File.WriteAllText(Path.Combine(root, "Theory.sln"), string.Empty);
        string cache = Path.Combine(root, "data", "mnist");
        Directory.CreateDirectory(cache);
        CopyMnist(cache);

        var r = CliRunner.RunIn(root, null, "slopes", "--dataset", "fashion", "--train-limit", "500", "--epochs", "1",
            "--fisher-epochs", "1", "--rho", "1", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("Fashion-MNIST (500 training images, content checked by SHA-256, from /usr/share/datasets/fashion-mnist)",
            r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(cache, r.Stdout, StringComparison.Ordinal);

        var json = CliRunner.RunIn(root, null, "slopes", "--dataset", "fashion", "--train-limit", "500", "--epochs", "1",
            "--fisher-epochs", "1", "--rho", "1", "--quiet", "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var row = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!.AsArray()[0]!;
        Assert.Equal("fashion", (string?)row["dataset"]);
        Assert.Equal("/usr/share/datasets/fashion-mnist", (string?)row["data_folder"]);
    }

    [Fact]
    public void Mnist_files_given_as_fashion_mnist_are_refused_naming_the_file()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        CopyMnist(dir);

        var r = CliRunner.Run(null, "slopes", "--dataset", "fashion", "--data", dir, "--epochs", "1", "--quiet");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"theory: {Path.Combine(dir, "train-images-idx3-ubyte")}: expected Fashion-MNIST's train-images-idx3-ubyte, but it holds MNIST's train-images-idx3-ubyte; move it away, or give --data a folder of Fashion-MNIST's files.",
            r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void A_mixed_file_set_is_refused_naming_the_odd_file()
    {
        // MNIST's folder with Fashion-MNIST's test labels (gzipped) in place of MNIST's.
        string dir = Directory.CreateTempSubdirectory().FullName;
        CopyMnist(dir);

        string labels = Path.Combine(dir, "t10k-labels-idx1-ubyte");
        string fashionLabels = Theory.Data.MnistFiles.Locate(Theory.Data.DataSetKind.Fashion, Path.Combine(Path.GetTempPath(), "theory-no-such-folder"))[3];
        File.Copy(fashionLabels, labels, overwrite: true);
        var r = CliRunner.Run(null, "slopes", "--data", dir, "--epochs", "1", "--quiet");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"theory: {labels}: expected MNIST's t10k-labels-idx1-ubyte, but it holds Fashion-MNIST's t10k-labels-idx1-ubyte; move it away, or give --data a folder of MNIST's files.",
            r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Corrupt_data_file_gives_one_line_naming_it_and_exit_1()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        CopyMnist(dir);

        string labels = Path.Combine(dir, "t10k-labels-idx1-ubyte");
        File.WriteAllBytes(labels, File.ReadAllBytes(labels)[..5000]);
        var r = CliRunner.Run(null, "slopes", "--data", dir, "--epochs", "1", "--quiet");
        Assert.Equal(1, r.ExitCode);
        string err = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', err);
        Assert.Contains("t10k-labels-idx1-ubyte", err, StringComparison.Ordinal);
        Assert.Contains("SHA-256", err, StringComparison.Ordinal);
    }

    /// <summary>Copies the verified MNIST files into <paramref name="folder"/>.</summary>
    private void CopyMnist(string folder)
    {
        foreach (string name in Theory.Data.MnistFiles.Names)
        {
            File.Copy(Path.Combine(_mnist.Folder, name), Path.Combine(folder, name));
        }
    }
}
