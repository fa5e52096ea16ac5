using System.Diagnostics;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

public class OutputFileTests
{
    private static string Folder() => Directory.CreateTempSubdirectory("theory-out-").FullName;

    [Fact]
    public void A_regular_file_is_replaced_whole_and_no_temporary_file_is_left()
    {
        string folder = Folder(), path = Path.Combine(folder, "a.txt");
        File.WriteAllText(path, "old and longer");
        OutputFile.Write(path, s => s.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void A_symlink_is_refused_and_left_pointing_where_it_did()
    {
        string folder = Folder(), target = Path.Combine(folder, "target.txt"), link = Path.Combine(folder, "link.txt");
        File.WriteAllText(target, "kept");
        File.CreateSymbolicLink(link, target);
        var e = Assert.Throws<IOException>(() => OutputFile.Write(link, s => s.Write("x"u8)));
        Assert.Equal($"'{link}' is a symlink, not a regular file; Theory replaces only regular files, so give another name.", e.Message);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("kept", File.ReadAllText(target));
    }

    [Fact]
    public void A_fifo_is_refused_and_stays_a_fifo()
    {
        string fifo = Path.Combine(Folder(), "pipe");
        using (var p = Process.Start("mkfifo", [fifo]))
        {
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        Assert.Equal("a FIFO", OutputFile.NotRegular(fifo));
        var e = Assert.Throws<IOException>(() => OutputFile.Write(fifo, s => s.Write("x"u8)));
        Assert.StartsWith($"'{fifo}' is a FIFO, not a regular file", e.Message, StringComparison.Ordinal);
        Assert.Equal("a FIFO", OutputFile.NotRegular(fifo));
    }

    [Fact]
    public void Devices_are_recognised_and_regular_files_and_absent_paths_are_not_flagged()
    {
        Assert.Equal("a device", OutputFile.NotRegular("/dev/null"));
        Assert.Null(OutputFile.NotRegular(typeof(OutputFileTests).Assembly.Location));
        Assert.Null(OutputFile.NotRegular(Path.Combine(Folder(), "absent")));
    }

    [Fact]
    public void The_signal_handlers_cleanup_removes_a_temporary_file_being_written()
    {
        string folder = Folder(), path = Path.Combine(folder, "big.csv");
        string? seen = null;
        Assert.ThrowsAny<IOException>(() => OutputFile.Write(path, s =>
        {
            s.Write("partial"u8);
            s.Flush();
            seen = Directory.GetFiles(folder).Single();
            OutputFile.DeleteTemporaryFiles(); // what SIGINT and SIGTERM run
        }));
        Assert.EndsWith($".tmp{Environment.ProcessId}", seen, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder)); // neither the temporary file nor a half-written target
    }

    [Fact]
    public void Leftovers_of_a_killed_run_are_removed_and_a_live_writers_are_not()
    {
        string folder = Folder();
        string stale = Path.Combine(folder, "slopes.csv.tmp2147483647"), live = Path.Combine(folder, $"slopes.json.tmp{Environment.ProcessId}"), other = Path.Combine(folder, "notes.tmpx");
        foreach (string f in new[] { stale, live, other })
        {
            File.WriteAllText(f, "x");
        }

        Assert.Equal(1, OutputFile.DeleteStaleTemporaryFiles(folder));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live) && File.Exists(other));
    }
}
