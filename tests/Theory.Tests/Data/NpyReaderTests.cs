using System.Text;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

public class NpyReaderTests
{
    [Fact]
    public void Reads_back_what_the_writer_wrote_bit_for_bit()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "a.npy");
        double[] values = [1.5, -0.0, double.Epsilon, 1e308, Math.PI, double.NaN];
        NpyWriter.Write(path, values, 2, 3);
        (double[] back, int[] shape) = NpyReader.Read(path);
        Assert.Equal([2, 3], shape);
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), back.Select(BitConverter.DoubleToInt64Bits));
        NpyWriter.Write(path, values, 6);
        Assert.Equal([6], NpyReader.Read(path).Shape);
    }

    [Theory]
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", "dtype '<i8' is not read; only float64 and float32")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "an object array (a pickle) is refused")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "the header's shape (2) needs 8 bytes of data, the file has 16")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", "the header's shape (3) needs 24 bytes of data, the file has 16")]
    public void Other_arrays_are_refused_naming_the_file(string header, string message)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "b.npy");
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)(header.Length + 1), 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header + "\n"));
        bytes.AddRange(new byte[16]);
        File.WriteAllBytes(path, [.. bytes]);
        var e = Assert.Throws<IOException>(() => NpyReader.Read(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        File.WriteAllText(path, "not numpy");
        Assert.Contains("is not a .npy file", Assert.Throws<IOException>(() => NpyReader.Read(path)).Message, StringComparison.Ordinal);
    }
}
