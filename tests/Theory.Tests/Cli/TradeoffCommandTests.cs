using System.Diagnostics;
using System.Text.Json;
using Theory.Data;
using Theory.Tests.Training;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary>theory tradeoff end to end: resuming, sharding, merging, a SIGKILL mid-sweep, --linear and --from, and bad input.</summary>
public class TradeoffCommandTests : IClassFixture<MnistFixture>
{
    private readonly MnistFixture _mnist;

    public TradeoffCommandTests(MnistFixture mnist) => _mnist = mnist;

    private string[] Tiny(params string[] more) =>
        ["tradeoff", "--data", _mnist.Folder, "--train-limit", "600", "--epochs", "2", "--lr", "3e-3", "--c", "1e-2:1e3:3", "--rho", "0.5", "--rho", "2", "--quiet", "--threads", "2", .. more];

    private static string NewFolder() => Path.Combine(Directory.CreateTempSubdirectory("theory-tradeoff").FullName, "sweep");

    [Fact]
    public void Resumed_sharded_and_merged_sweeps_print_the_same_table_as_one_run()
    {
        string whole = NewFolder();
        var first = CliRunner.Run(null, Tiny("--out", whole));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(whole, "tasks"), "*.json").Length); // 2 mechanisms x 2 settings x 3 c
        Assert.Equal(first.Stdout, File.ReadAllText(Path.Combine(whole, "tradeoff.txt")));
        Assert.Contains("rho=0.5      het", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("at matched reliability cost", first.Stdout, StringComparison.Ordinal);
        using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(whole, "run.json"))))
        {
            string[] names = [.. manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
            Assert.Equal(["tradeoff.csv", "tradeoff.json", "tradeoff.txt"], names.Where(n => !n.EndsWith(".safetensors", StringComparison.Ordinal)));
        }

        Assert.Equal(12, Directory.GetFiles(whole, "*.safetensors").Length); // every trained network, named by its task

        string network = Directory.GetFiles(whole, "rho2-hom-c1000-*.safetensors").Single();
        (Theory.Training.NetworkParameters net, Dictionary<string, string> meta) = Theory.Training.NetworkFile.Read(network, Theory.Training.NetworkLayout.Text, null);
        Assert.Equal(("1000", "homogeneous", "2"), (meta["c"], meta["setting"], meta["rho"]));
        Assert.Equal("784 -> 10", net.Shape.ToString());

        byte[] csv = File.ReadAllBytes(Path.Combine(whole, "tradeoff.csv"));

        // The same command again trains nothing and prints the same bytes.
        var again = CliRunner.Run(null, Tiny("--out", whole));
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Contains("12 of 12 runs were already finished", again.Stderr, StringComparison.Ordinal);

        // Another setting is another task: nothing finished is reused.
        var other = CliRunner.Run(null, Tiny("--out", whole, "--seed", "2"));
        Assert.True(other.ExitCode == 0, other.Stderr);
        Assert.DoesNotContain("already finished", other.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(first.Stdout, other.Stdout);

        // Three shards into one folder (in a different order), then the merge.
        string sharded = NewFolder();
        foreach (string part in new[] { "3/3", "1/3" })
        {
            var shard = CliRunner.Run(null, Tiny("--out", sharded, "--shard", part));
            Assert.True(shard.ExitCode == 0, shard.Stderr);
            Assert.Equal(string.Empty, shard.Stdout);
            Assert.Contains($"shard {part}: ran 4 tasks", shard.Stderr, StringComparison.Ordinal);
        }

        var incomplete = CliRunner.Run(null, "tradeoff", "--merge", sharded);
        Assert.Equal(1, incomplete.ExitCode);
        Assert.Contains("4 of 12 tasks are missing", incomplete.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sharded, "tradeoff.txt")));
        Assert.True(CliRunner.Run(null, Tiny("--out", sharded, "--shard", "2/3")).ExitCode == 0);
        var merged = CliRunner.Run(null, "tradeoff", "--merge", sharded);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        Assert.Equal(first.Stdout, merged.Stdout);
        var mergedJson = CliRunner.Run(null, "tradeoff", "--merge", sharded, "--json");
        Assert.Equal(File.ReadAllText(Path.Combine(sharded, "tradeoff.json")), mergedJson.Stdout);
        Assert.Equal(csv, File.ReadAllBytes(Path.Combine(sharded, "tradeoff.csv")));
    }

    [Fact]
    public void A_sweep_killed_with_sigkill_and_run_again_gives_the_uninterrupted_table_byte_for_byte()
    {
        string[] sweep = ["tradeoff", "--data", _mnist.Folder, "--train-limit", "3000", "--epochs", "3", "--c", "1e-3:1e4:8", "--rho", "1", "--quiet", "--threads", "1"];
        string reference = NewFolder(), killed = NewFolder();
        var uninterrupted = CliRunner.Run(null, [.. sweep, "--out", reference]);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);

        string tasks = Path.Combine(killed, "tasks");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "theory.dll"));
        foreach (string a in sweep.Concat(["--out", killed]))
        {
            info.ArgumentList.Add(a);
        }

        int done;
        using (var process = Process.Start(info)!)
        {
            var clock = Stopwatch.StartNew();
            while ((!Directory.Exists(tasks) || Directory.GetFiles(tasks, "*.json").Length < 2) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(5);
            }

            process.Kill(); // SIGKILL: no handler runs
            process.WaitForExit();
            done = Directory.GetFiles(tasks, "*.json").Length;
        }

        Assert.InRange(done, 2, 15); // killed mid-sweep, with some tasks finished and some not
        Assert.False(File.Exists(Path.Combine(killed, "tradeoff.txt")));
        var resumed = CliRunner.Run(null, [.. sweep, "--out", killed]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"{done} of 16 runs were already finished", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(uninterrupted.Stdout, resumed.Stdout);
        foreach (string file in new[] { "tradeoff.txt", "tradeoff.json", "tradeoff.csv" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(killed, file)));
        }

        Assert.Empty(Directory.GetFiles(tasks, "*.tmp*")); // a killed writer's temporary file is cleared by the next unsharded run
    }

    [Fact]
    public void Linear_sweep_lands_on_the_closed_forms_and_from_reads_a_slopes_folder()
    {
        string slopesOut = NewFolder();
        var slopes = CliRunner.Run(null, "slopes", "--data", _mnist.Folder, "--train-limit", "300", "--epochs", "1", "--fisher-epochs", "1", "--rho", "0.5", "--quiet", "--out", slopesOut);
        Assert.True(slopes.ExitCode == 0, slopes.Stderr);
        var r = CliRunner.Run(null, "tradeoff", "--linear", "--synapses", "40", "--samples", "800", "--c", "1e-3:1e4:4", "--rho", "0.5", "--json", "--quiet", "--from", slopesOut);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement[] runs = [.. doc.RootElement.GetProperty("runs").EnumerateArray()];
        Assert.Equal(8, runs.Length);
        Assert.All(runs, x => Assert.True(x.GetProperty("max_relative_error").GetDouble() < 1e-5, x.ToString()));
        JsonElement summary = Assert.Single(doc.RootElement.GetProperty("summary").EnumerateArray());
        double closed = summary.GetProperty("closed_loss_ratio").GetDouble();
        Assert.True(closed < 1);
        Assert.All(summary.GetProperty("loss_ratio").EnumerateArray(), x => Assert.Equal(closed, x.GetProperty("ratio").GetDouble(), 1e-7));

        // --from: the ratio for the trained network's H, against the power means computed here from its .npy.
        double[] h = [.. NpyReader.Read(Path.Combine(slopesOut, "rho_0.5_layer0_hessian.npy")).Values.Where(v => v > 0)];
        double a = 0.5 / 2.5;
        double ma = Math.Pow(h.Average(v => Math.Pow(v, a)), 1 / a), m1 = h.Average();
        JsonElement hessian = Assert.Single(doc.RootElement.GetProperty("hessian").EnumerateArray());
        Assert.Equal(ma / m1, hessian.GetProperty("power_mean_ratio").GetDouble(), 1e-10);
        Assert.Equal(h.Length, hessian.GetProperty("positive").GetInt32());
        Assert.True(ma / m1 < 0.9, $"MNIST's H spans decades, so heterogeneity should buy something: M_a/M_1 = {ma / m1}");

        var text = CliRunner.Run(null, "tradeoff", "--linear", "--synapses", "40", "--samples", "800", "--c", "1e-3:1e4:4", "--rho", "0.5", "--quiet", "--from", slopesOut);
        Assert.Contains("the same ratio for the exact Hessian diagonal H", text.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--c 1:2", "theory: --c must be FROM:TO:COUNT, such as 1e-3:1e4:8 (got '1:2').")]
    [InlineData("--c 10:1:3", "theory: --c FROM:TO:COUNT needs FROM < TO and COUNT >= 2, or FROM = TO and COUNT 1 (got '10:1:3').")]
    [InlineData("--c 0:1:3", "theory: --c must lie from 1e-12 to 1e12 (got '0:1:3').")]
    [InlineData("--c 1:2:5000", "theory: --c takes at most 1000 values (got 5000).")]
    [InlineData("--setting some", "theory: --setting must be both, heterogeneous or homogeneous (got 'some').")]
    [InlineData("--shard 1/2", "theory: --shard needs --out, the sweep folder the tasks are written to.")]
    [InlineData("--force", "theory: --force needs --out, the sweep folder the tasks are written to.")]
    [InlineData("--linear --epochs 3", "theory: --epochs does not go with --linear (its fits take a second; give --synapses, --samples, --steps, --sigma-y, --s, --seed).")]
    [InlineData("--steps 10", "theory: --steps goes only with --linear.")]
    [InlineData("--merge /tmp --rho 1", "theory: --rho does not go with --merge, which takes the sweep folder's own settings.")]
    [InlineData("--out /tmp/x --shard 3/2", "theory: --shard: a shard is i/n with 1 <= i <= n <= 100000, such as 2/8 (got '3/2').")]
    [InlineData("--merge /", "theory: --merge '/' holds no sweep.json: it is not a theory tradeoff --out folder.")]
    public void Bad_input_gets_one_line_naming_it(string args, string message)
    {
        var r = CliRunner.Run(null, ["tradeoff", .. args.Split(' '), "--quiet"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, r.Stderr.TrimEnd('\n'));
        Assert.Equal(string.Empty, r.Stdout);
    }
}
