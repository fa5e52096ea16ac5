using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Theory.Data;

/// <summary>Reads the arrays that <see cref="NpyWriter"/> writes and NumPy's np.save of float64 or float32, either byte order, C or Fortran order (to double, C order).</summary>
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
        if (!m.Success)
        {
            throw new IOException($"{name}: the .npy header is not a dict of descr, fortran_order and shape (header '{Guard.Quote(header.Trim())}').");
        }

        string descr = m.Groups["descr"].Value;
        if (descr.Contains('O', StringComparison.Ordinal))
        {
            throw new IOException($"{name}: an object array (a pickle) is refused, never unpickled.");
        }

        int width = descr switch { "<f8" or ">f8" => 8, "<f4" or ">f4" => 4, _ => 0 };
        if (width == 0)
        {
            throw new IOException($"{name}: dtype '{Guard.Quote(descr)}' is not read; only float64 and float32 (<f8, >f8, <f4, >f4).");
        }

        int[] shape = [.. m.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new IOException($"{name}: bad shape '{Guard.Quote(s)}'."))];
        long count = shape.Aggregate(1L, (a, s) => a * s > int.MaxValue ? int.MaxValue + 1L : a * s);
        long data = bytes.Length - start - headerLength;
        if (data != count * width)
        {
            throw new IOException($"{name}: the header's shape ({string.Join(", ", shape)}) needs {count * width} bytes of data, the file has {data}.");
        }

        var raw = new double[count];
        ReadOnlySpan<byte> body = bytes.AsSpan(start + headerLength);
        bool big = descr[0] == '>';
        for (int k = 0; k < raw.Length; k++)
        {
            ReadOnlySpan<byte> b = body.Slice(k * width, width);
            raw[k] = width == 8
                ? (big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b))
                : (big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b));
        }

        // Fortran order: the first index runs fastest; turn it into C order.
        double[] values = m.Groups["fortran"].Value == "True" && shape.Length > 1 ? ToCOrder(raw, shape) : raw;
        return (values, shape);
    }

    private static double[] ToCOrder(double[] fortran, int[] shape)
    {
        var c = new double[fortran.Length];
        var index = new int[shape.Length];
        for (int k = 0; k < fortran.Length; k++)
        {
            // k walks C order; find its Fortran position
            long f = 0, stride = 1;
            for (int d = 0; d < shape.Length; d++)
            {
                f += index[d] * stride;
                stride *= shape[d];
            }

            c[k] = fortran[f];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return c;
    }

    [GeneratedRegex(@"^\{\s*'descr':\s*'(?<descr>[^']*)',\s*'fortran_order':\s*(?<fortran>True|False),\s*'shape':\s*\((?<shape>[0-9,\s]*)\),?\s*\}\s*$")]
    private static partial Regex HeaderPattern();
}
