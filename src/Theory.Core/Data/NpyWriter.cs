using System.Globalization;
using System.Text;

namespace Theory.Data;

/// <summary>Writes float64 arrays in NumPy's .npy format (version 1.0, little-endian, C order), atomically.</summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="data"/> with the given shape to <paramref name="path"/> via a temporary file and a rename.</summary>
    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (a, s) => a * s);
        if (count != data.Length)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} values, data has {data.Length}.", nameof(shape));
        }

        string shapeText = shape.Length == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {shapeText}, }}";
        // Magic (6) + version (2) + header length (2) + header + padding + '\n' is a multiple of 64.
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";

        double[] values = data.ToArray(); // the span cannot enter the writer's lambda
        OutputFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream);
            writer.Write((byte)0x93);
            writer.Write(Encoding.ASCII.GetBytes("NUMPY"));
            writer.Write((byte)1);
            writer.Write((byte)0);
            writer.Write((ushort)header.Length);
            writer.Write(Encoding.ASCII.GetBytes(header));
            foreach (double v in values)
            {
                writer.Write(v); // BinaryWriter writes little-endian on every platform.
            }
        });
    }
}
