using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

/// <summary>The safetensors and .npz readers: round trips, every dtype, and each malformed file refused with one line.</summary>
public class SafeTensorsTests
{
    [Fact]
    public void Writes_and_reads_back_bit_for_bit_with_metadata_and_a_padded_header()
    {
        double[] a = [1.5, -0.0, double.Epsilon, 1e308, Math.PI, -2];
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, [("b.weight", [2, 3], a), ("a.bias", [1], [7.0])], new Dictionary<string, string> { ["rho"] = "2" });
        byte[] bytes = stream.ToArray();
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
        (NamedTensor[] t, Dictionary<string, string> meta) = SafeTensors.Read(bytes, "x");
        Assert.Equal(["b.weight", "a.bias"], t.Select(v => v.Name)); // in the order of their offsets
        Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), t[0].Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal([2, 3], t[0].Shape);
        Assert.Equal("2", meta["rho"]);
    }

    [Fact]
    public void Reads_F32_F16_and_BF16_to_double()
    {
        var data = new List<byte>();
        byte[] f32 = new byte[8], f16 = new byte[4], bf16 = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(f32, 0.1f);
        BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(4), -3f);
        BinaryPrimitives.WriteHalfLittleEndian(f16, (Half)0.5);
        BinaryPrimitives.WriteHalfLittleEndian(f16.AsSpan(2), (Half)(-1.25));
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, (ushort)(BitConverter.SingleToInt32Bits(1.5f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(-2f) >> 16));
        data.AddRange(f32);
        data.AddRange(f16);
        data.AddRange(bf16);
        byte[] file = File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]},\"c\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[12,16]}}", [.. data]);
        NamedTensor[] t = SafeTensors.Read(file, "x").Tensors;
        Assert.Equal([(double)0.1f, -3], t[0].Values);
        Assert.Equal([0.5, -1.25], t[1].Values);
        Assert.Equal([1.5, -2], t[2].Values);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}", "the header is not JSON")]
    [InlineData("[1,2]", "the header is JSON but not an object")]
    [InlineData("{\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", "dtype 'I64'; only F64, F32, F16 and BF16")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,24]}}", "data_offsets [0, 24] past the data's 16 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", "needs 24 bytes, its data_offsets span 16")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", "overlap in the data")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", "the name 'a' appears twice")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[-2],\"data_offsets\":[0,16]}}", "no shape of at most 8 non-negative integers")]
    [InlineData("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,0]}}", "no data_offsets [begin, end]")]
    public void Malformed_headers_are_refused_naming_the_problem(string header, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(File_(header, new byte[16]), "net.safetensors"));
        Assert.StartsWith("net.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_refused_before_any_allocation()
    {
        byte[] file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        Assert.Contains("runs past the file's 16 bytes", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(file, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("fewer than the 8", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new byte[3], "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Npz_reads_every_npy_dtype_and_order_numpy_writes()
    {
        byte[] zip = Zip(("c.npy", Npy("<f8", true, [2, 3], Le8([1, 4, 2, 5, 3, 6]))), ("b.npy", Npy(">f8", false, [2], Be8([1.5, -2]))), ("a.npy", Npy("<f4", false, [1], Le4([0.25f]))));
        NamedTensor[] t = NpzReader.Read(zip, "w.npz");
        Assert.Equal(["c", "b", "a"], t.Select(v => v.Name));
        Assert.Equal([1.0, 2, 3, 4, 5, 6], t[0].Values); // Fortran order turned into C order
        Assert.Equal([2, 3], t[0].Shape);
        Assert.Equal([1.5, -2], t[1].Values);
        Assert.Equal([0.25], t[2].Values);
    }

    [Fact]
    public void Npz_refuses_pickles_truncated_arrays_and_bombs()
    {
        Assert.Contains("a pickle) is refused", Refused(Zip(("a.npy", Npy("|O", false, [1], new byte[8])))), StringComparison.Ordinal);
        Assert.Contains("needs 16 bytes of data, the file has 8", Refused(Zip(("a.npy", Npy("<f8", false, [2], new byte[8])))), StringComparison.Ordinal);
        Assert.Contains("is not a .npy array", Refused(Zip(("a.txt", new byte[4]))), StringComparison.Ordinal);
        Assert.Contains("is not a readable .npz", Refused([(byte)'P', (byte)'K', 3, 4, 0, 0]), StringComparison.Ordinal);

        // A bomb: a megabyte of zeros declared as 100 bytes in the central directory.
        byte[] zip = Zip(("a.npy", new byte[1 << 20]));
        Patch(zip, 1 << 20, 100);
        // .NET's inflater itself stops at the declared size, or the reader does: either way no more than 100 bytes are read.
        Assert.Matches("expands beyond the 100 bytes it declares|a.npy is not a .npy file", Refused(zip));

        static string Refused(byte[] bytes) => Assert.Throws<InvalidDataException>(() => NpzReader.Read(bytes, "w.npz")).Message;
    }

    // Rewrites the uncompressed size in the local and central headers (the 4 bytes that hold it).
    private static void Patch(byte[] zip, int from, int to)
    {
        Span<byte> old = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(old, from);
        for (int k = 0; k + 4 <= zip.Length; k++)
        {
            if (zip.AsSpan(k, 4).SequenceEqual(old))
            {
                BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(k, 4), to);
            }
        }
    }

    internal static byte[] File_(string header, byte[] data)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)h.Length);
        h.CopyTo(file, 8);
        data.CopyTo(file, 8 + h.Length);
        return file;
    }

    internal static byte[] Npy(string descr, bool fortran, int[] shape, byte[] data)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({dims}), }}";
        header = header.PadRight(((header.Length + 11) / 64 * 64) + 63 - 10) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    internal static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using Stream s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(data);
            }
        }

        return memory.ToArray();
    }

    internal static byte[] Le8(double[] v) => [.. v.SelectMany(BitConverter.GetBytes)];

    private static byte[] Be8(double[] v) => [.. v.SelectMany(x => BitConverter.GetBytes(x).Reverse())];

    private static byte[] Le4(float[] v) => [.. v.SelectMany(BitConverter.GetBytes)];
}
