using System.Security.Cryptography;
using System.Text.Json;
using Theory.Cli;
using Xunit;

namespace Theory.Tests.Cli;

public class OutputFolderTests
{
    [Fact]
    public void The_manifest_lists_every_file_with_its_hash_and_the_effective_options()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figs");
        var r = CliRunner.Run(null, "bound", "--rho-count", "4", "--s-count", "2", "--sigma-count", "10", "--plot", folder);
        Assert.Equal(0, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, OutputFolder.ManifestName)));
        JsonElement root = doc.RootElement;
        Assert.Equal($"theory bound --rho-count 4 --s-count 2 --sigma-count 10 --plot {folder}", root.GetProperty("command").GetString());
        Assert.Equal(4, root.GetProperty("options").GetProperty("--rho-count").GetInt32());
        Assert.Equal(1e-6, root.GetProperty("options").GetProperty("--rho-min").GetDouble()); // a default, not given
        Assert.Matches("^[0-9a-f]{40}$|^unknown$", root.GetProperty("commit").GetString()!);
        Assert.Contains(root.GetProperty("simd").GetString(), new[] { "Vector512", "Vector256", "scalar" });
        Assert.True(DateTimeOffset.Parse(root.GetProperty("finished").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >=
            DateTimeOffset.Parse(root.GetProperty("started").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        JsonElement[] files = [.. root.GetProperty("files").EnumerateArray()];
        Assert.Equal(["bound_gap.png", "bound_gap.svg"], files.Select(f => f.GetProperty("name").GetString()));
        foreach (JsonElement f in files)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, f.GetProperty("name").GetString()!));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), f.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, f.GetProperty("bytes").GetInt64());
        }

        Assert.Equal(["bound_gap.png", "bound_gap.svg", "run.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order()); // no lock or temporary file left
    }

    [Fact]
    public void A_new_run_removes_the_earlier_runs_files_and_keeps_the_users_own()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory().FullName, "figs");
        Assert.Equal(0, CliRunner.Run(null, "data", "--plot", folder).ExitCode);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        Assert.Equal(0, CliRunner.Run(null, "bound", "--rho-count", "4", "--s-count", "2", "--sigma-count", "10", "--plot", folder).ExitCode);
        Assert.Equal(["bound_gap.png", "bound_gap.svg", "notes.txt", "run.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_folder_another_run_holds_is_refused_and_the_earlier_manifest_goes_as_soon_as_a_run_takes_it()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory().FullName, "out");
        Assert.Equal(0, CliRunner.Run(null, "data", "--plot", folder).ExitCode);
        using (OutputFolder held = OutputFolder.Open(folder, "--plot"))
        {
            Assert.False(File.Exists(Path.Combine(folder, OutputFolder.ManifestName))); // the set is no longer complete
            var r = CliRunner.Run(null, "data", "--plot", folder);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"theory: --plot '{folder}' is being written by another theory run; wait for it or give another folder.", r.Stderr.TrimEnd('\n'));
        }

        Assert.Equal(0, CliRunner.Run(null, "data", "--plot", folder).ExitCode); // released
    }
}
