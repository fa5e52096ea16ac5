using System.IO.Compression;
using Theory.Fuzz;
using Xunit;

namespace Theory.Tests.Fuzz;

/// <summary>
/// The fuzz targets (fuzz/run.sh runs them under afl-fuzz): every seed and every saved regression input is accepted
/// or refused with a message, never an unexpected exception; and hand-made hostile inputs of the classes the fuzzer
/// looks for.
/// </summary>
public class FuzzTargetTests
{
    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    public static TheoryData<string, string> SavedInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in new[] { "corpus", "regressions" })
        {
            foreach (string target in Targets.Names)
            {
                string dir = Path.Combine(Repository(), "fuzz", folder, target);
                if (Directory.Exists(dir))
                {
                    foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                    {
                        data.Add(target, Path.GetRelativePath(Repository(), file));
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SavedInputs))]
    public void Saved_inputs_are_accepted_or_refused_with_a_message(string target, string file) =>
        Targets.Run(target, File.ReadAllBytes(Path.Combine(Repository(), file)));

    [Fact]
    public void Every_target_has_seeds()
    {
        foreach (string target in Targets.Names)
        {
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Repository(), "fuzz", "corpus", target)));
        }
    }

    [Fact]
    public void Hostile_inputs_of_each_class_are_refused_cleanly()
    {
        byte[] Gzip(byte[] raw)
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.SmallestSize))
            {
                gz.Write(raw);
            }

            return ms.ToArray();
        }

        // A header that claims 2^31 - 1 images of 2^31 - 1 pixels, and a gzip bomb behind a small header.
        byte[] huge = [0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff];
        Targets.Run("idx-images", huge);
        Targets.Run("idx-images", Gzip([.. huge, .. new byte[5_000_000]]));
        Targets.Run("idx-labels", Gzip([0, 0, 8, 1, 0, 0, 0, 3, .. new byte[5_000_000]]));
        Targets.Run("npy", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0xff, 0xff]);
        Targets.Run("npy", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xff, 0xff, 0xff, 0x7f]);
        Targets.Run("csv", "\"a\n"u8.ToArray());
        Targets.Run("csv", [0xff, 0xfe, 0x00]);
        Targets.Run("importance", "\u0001a\n1e400\n-1\nnan\n"u8.ToArray());
        Targets.Run("options", "tradeoff\n--c\n1e-3:1e4:99999999999\n--shard\n0/0\n--hidden\n,,,"u8.ToArray());
        Assert.Throws<ArgumentException>(() => Targets.Run("nothing", []));
    }
}
