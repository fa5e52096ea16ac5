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
        byte[] bytes = ReadAll(path, 16, ImageFileLength);
        int magic = Header(bytes, 0, path);
        if (magic != ImageMagic)
        {
            throw new InvalidDataException($"{path}: magic number {magic} is not that of an IDX image file ({ImageMagic}).");
        }

        int count = Header(bytes, 4, path), rows = Header(bytes, 8, path), cols = Header(bytes, 12, path);
        if (count <= 0 || rows <= 0 || cols <= 0)
        {
            throw new InvalidDataException($"{path}: header has impossible dimensions {count} x {rows} x {cols}{(count == 0 ? " (no images)" : string.Empty)}.");
        }

        long expected = 16 + (long)count * rows * cols;
        CheckLength(bytes, expected, path);
        return new Images(bytes.AsSpan(16).ToArray(), count, rows, cols);
    }

    /// <summary>Reads a label file; every label must lie in 0..9.</summary>
    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = ReadAll(path, 8, LabelFileLength);
        int magic = Header(bytes, 0, path);
        if (magic != LabelMagic)
        {
            throw new InvalidDataException($"{path}: magic number {magic} is not that of an IDX label file ({LabelMagic}).");
        }

        int count = Header(bytes, 4, path);
        if (count <= 0)
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

    // The file's bytes, gunzipped if it is gzip. A gzip file is decompressed only as far as its IDX header says the
    // data reach (plus one byte, so that trailing data still show): a small file that would expand to gigabytes (a
    // gzip bomb under an MNIST name) is refused after reading no more than the header allows.
    private static byte[] ReadAll(string path, int headerBytes, Func<byte[], long> expectedLength)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path}: a folder, not an IDX file.");
        }

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
                var buffer = new byte[1 << 16];
                long limit = long.MaxValue;
                int read;
                while ((read = gz.Read(buffer, 0, buffer.Length)) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (limit == long.MaxValue && output.Length >= headerBytes)
                    {
                        limit = expectedLength(output.GetBuffer()[..headerBytes]);
                        if (limit < 0)
                        {
                            return output.ToArray(); // not a valid header: the checks that follow name the problem
                        }
                    }

                    if (output.Length > limit)
                    {
                        throw new InvalidDataException(
                            $"{path}: decompresses past the {limit - 1} bytes its IDX header claims; not an IDX file (or a gzip bomb).");
                    }
                }

                return output.ToArray();
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
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

    // What a header says the whole file holds (plus one byte), or -1 when it is not a valid header.
    private static long ImageFileLength(byte[] header)
    {
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8)), cols = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        return BinaryPrimitives.ReadInt32BigEndian(header) == ImageMagic && count >= 0 && rows > 0 && cols > 0 ? 16 + ((long)count * rows * cols) + 1 : -1;
    }

    private static long LabelFileLength(byte[] header)
    {
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        return BinaryPrimitives.ReadInt32BigEndian(header) == LabelMagic && count >= 0 ? 8 + (long)count + 1 : -1;
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
