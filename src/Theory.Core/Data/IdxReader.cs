using System.Buffers.Binary;
using System.IO.Compression;

namespace Theory.Data;

/// <summary>
/// Reads the IDX format of MNIST (big-endian header: magic 2051 for images with count, rows, columns;
/// 2049 for labels with count), plain or gzipped (detected by the 1f 8b magic, not the file name).
/// </summary>
/// <remarks>
/// Every defect is an <see cref="InvalidDataException"/> whose one-line message names the file: a wrong
/// magic, a header that claims more bytes than the file holds, trailing bytes, labels outside 0-9.
/// Nothing is returned from a partial read.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file (unsigned byte data, 3 dimensions).</summary>
    public const int ImageMagic = 2051;

    /// <summary>Magic number of a label file (unsigned byte data, 1 dimension).</summary>
    public const int LabelMagic = 2049;

    /// <summary>Images as raw bytes, row-major: image i occupies [i*rows*cols, (i+1)*rows*cols).</summary>
    /// <param name="Pixels">The pixel bytes.</param>
    /// <param name="Count">Number of images.</param>
    /// <param name="Rows">Rows per image.</param>
    /// <param name="Columns">Columns per image.</param>
    public sealed record Images(byte[] Pixels, int Count, int Rows, int Columns)
    {
        /// <summary>Pixels per image.</summary>
        public int Size => Rows * Columns;
    }

    /// <summary>Reads an image file.</summary>
    public static Images ReadImages(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Header(bytes, 0, path);
        if (magic != ImageMagic)
        {
            throw new InvalidDataException($"{path}: magic number {magic} is not that of an IDX image file ({ImageMagic}).");
        }

        int count = Header(bytes, 4, path), rows = Header(bytes, 8, path), cols = Header(bytes, 12, path);
        if (count < 0 || rows <= 0 || cols <= 0)
        {
            throw new InvalidDataException($"{path}: header has impossible dimensions {count} x {rows} x {cols}.");
        }

        long expected = 16 + (long)count * rows * cols;
        CheckLength(bytes, expected, path);
        return new Images(bytes.AsSpan(16).ToArray(), count, rows, cols);
    }

    /// <summary>Reads a label file; every label must lie in 0..9.</summary>
    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Header(bytes, 0, path);
        if (magic != LabelMagic)
        {
            throw new InvalidDataException($"{path}: magic number {magic} is not that of an IDX label file ({LabelMagic}).");
        }

        int count = Header(bytes, 4, path);
        if (count < 0)
        {
            throw new InvalidDataException($"{path}: header claims {count} labels.");
        }

        CheckLength(bytes, 8 + (long)count, path);
        byte[] labels = bytes.AsSpan(8).ToArray();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] > 9)
            {
                throw new InvalidDataException($"{path}: label {i} is {labels[i]}, outside 0-9.");
            }
        }

        return labels;
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var output = new MemoryStream();
                gz.CopyTo(output);
                return output.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: corrupt or truncated gzip data ({e.Message.TrimEnd('.')}).");
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{path}: truncated gzip data.");
            }
        }

        return raw;
    }

    private static int Header(byte[] bytes, int offset, string path)
    {
        if (bytes.Length < offset + 4)
        {
            throw new InvalidDataException($"{path}: truncated header ({bytes.Length} bytes).");
        }

        return BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
    }

    private static void CheckLength(byte[] bytes, long expected, string path)
    {
        if (bytes.Length < expected)
        {
            throw new InvalidDataException($"{path}: header claims {expected} bytes but the file holds {bytes.Length} (truncated).");
        }

        if (bytes.Length > expected)
        {
            throw new InvalidDataException($"{path}: {bytes.Length - expected} bytes after the data the header describes.");
        }
    }
}
