using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Theory.Data;

/// <summary>Reads the float64 arrays that <see cref="NpyWriter"/> writes (and NumPy's np.save of a C-order float64 array).</summary>
public static partial class NpyReader
{
    /// <summary>The array's values (C order) and shape. Throws an <see cref="IOException"/> naming the file for anything else.</summary>
    public static (double[] Values, int[] Shape) Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>The same from the file's bytes; <paramref name="source"/> names it in errors.</summary>
    public static (double[] Values, int[] Shape) Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string name = Guard.Quote(source);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new IOException($"{name} is not a .npy file (no \\x93NUMPY magic).");
        }

        (int headerLength, int start) = bytes[6] switch
        {
            1 => (bytes[8] | (bytes[9] << 8), 10),
            2 or 3 when bytes.Length >= 12 => (BitConverter.ToInt32(bytes, 8), 12),
            _ => throw new IOException($"{name}: .npy version {bytes[6]} is not supported."),
        };
        if (headerLength < 0 || start + headerLength > bytes.Length)
        {
            throw new IOException($"{name}: the .npy header is cut short.");
        }

        string header = Encoding.Latin1.GetString(bytes, start, headerLength);
        Match m = HeaderPattern().Match(header);
        if (!m.Success || m.Groups["descr"].Value != "<f8" || m.Groups["fortran"].Value != "False")
        {
            throw new IOException($"{name}: only little-endian float64 in C order is read (header {Guard.Quote(header.Trim())}).");
        }

        int[] shape = [.. m.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new IOException($"{name}: bad shape {Guard.Quote(s)}."))];
        long count = shape.Aggregate(1L, (a, s) => a * s);
        long data = bytes.Length - start - headerLength;
        if (data != count * 8)
        {
            throw new IOException($"{name}: the header's shape ({string.Join(", ", shape)}) needs {count * 8} bytes of data, the file has {data}.");
        }

        var values = new double[count];
        Buffer.BlockCopy(bytes, start + headerLength, values, 0, (int)data);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("big-endian machines are not supported.");
        }

        return (values, shape);
    }

    [GeneratedRegex(@"^\{\s*'descr':\s*'(?<descr>[^']*)',\s*'fortran_order':\s*(?<fortran>True|False),\s*'shape':\s*\((?<shape>[0-9,\s]*)\),?\s*\}\s*$")]
    private static partial Regex HeaderPattern();
}
