using System.IO.Compression;

namespace Theory.Data;

/// <summary>
/// numpy's .npz (np.savez, np.savez_compressed): a zip of .npy files, each read by <see cref="NpyReader"/>; the
/// tensor's name is the entry's name without ".npy". An entry is never inflated past the size its header declares
/// (a zip bomb stops there), nor past <see cref="MaxEntry"/>.
/// </summary>
public static class NpzReader
{
    /// <summary>Largest entry read: 2 GB, the most a .NET array of bytes holds.</summary>
    public const long MaxEntry = int.MaxValue;

    /// <summary>Deflate's largest expansion ratio (1032:1), rounded up.</summary>
    public const long MaxRatio = 1100;

    /// <summary>Every array of the archive, in the archive's order.</summary>
    public static NamedTensor[] Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string name = Guard.Quote(source);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name} is not a readable .npz (zip) file: '{Guard.Quote(e.Message)}'");
        }

        using (zip)
        {
            var tensors = new List<NamedTensor>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                string entryName = Guard.Quote(entry.FullName);
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{name}: entry {entryName} is not a .npy array.");
                }

                string tensor = entry.FullName[..^4];
                if (!seen.Add(tensor))
                {
                    throw new InvalidDataException($"{name}: the array '{Guard.Quote(tensor)}' appears twice.");
                }

                if (entry.Length > MaxEntry)
                {
                    throw new InvalidDataException($"{name}: entry {entryName} declares {entry.Length} bytes, more than the {MaxEntry} read.");
                }

                // Deflate expands at most 1032-fold, and no entry holds more compressed bytes than the file: a declared size
                // beyond that is a bomb or a lie, refused before anything is inflated.
                if (entry.Length > (MaxRatio * Math.Min(entry.CompressedLength, bytes.Length)) + 1024)
                {
                    throw new InvalidDataException($"{name}: entry {entryName} declares {entry.Length} bytes from {entry.CompressedLength} compressed, more than deflate can expand (a zip bomb?).");
                }

                // Inflated in blocks, so memory follows the bytes that really come out, never the declared size alone.
                byte[] data;
                try
                {
                    using Stream s = entry.Open();
                    using var inflated = new MemoryStream();
                    byte[] block = new byte[1 << 16];
                    int got;
                    while ((got = s.Read(block, 0, (int)Math.Min(block.Length, entry.Length + 1 - inflated.Length))) > 0)
                    {
                        inflated.Write(block, 0, got);
                        if (inflated.Length > entry.Length)
                        {
                            throw new InvalidDataException($"{name}: entry {entryName} expands beyond the {entry.Length} bytes it declares.");
                        }
                    }

                    if (inflated.Length < entry.Length)
                    {
                        throw new InvalidDataException($"{name}: entry {entryName} holds {inflated.Length} bytes, fewer than the {entry.Length} it declares.");
                    }

                    data = inflated.ToArray();
                }
                catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{name}: entry {entryName} is corrupt ('{Guard.Quote(e.Message)}').");
                }

                try
                {
                    (double[] values, int[] shape) = NpyReader.Read(data, $"{source}:{entry.FullName}");
                    tensors.Add(new NamedTensor(tensor, shape, values, "npy"));
                }
                catch (IOException e)
                {
                    throw new InvalidDataException(e.Message);
                }
            }

            return [.. tensors];
        }
    }
}
