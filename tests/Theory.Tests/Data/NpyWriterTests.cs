using System.Buffers.Binary;
using System.Text;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

public class NpyWriterTests
{
    [Fact]
    public void Header_is_numpy_1_0_padded_to_64_and_data_follows_little_endian()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "a.npy");
        NpyWriter.Write(path, [1.5, -2, 3, 4, 5, 6], 2, 3);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal((byte)1, bytes[6]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header, StringComparison.Ordinal);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        Assert.Equal(10 + headerLength + 48, bytes.Length);
        Assert.Equal(1.5, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(10 + headerLength)));
        Assert.Equal(-2.0, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(18 + headerLength)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp*"));
    }

    [Fact]
    public void One_dimensional_shape_has_a_trailing_comma_and_mismatch_is_an_error()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "b.npy");
        NpyWriter.Write(path, [1.0, 2.0], 2);
        Assert.Contains("'shape': (2,)", Encoding.ASCII.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NpyWriter.Write(path, [1.0, 2.0], 3));
    }
}
