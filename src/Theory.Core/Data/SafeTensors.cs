using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Theory.Data;

/// <summary>One tensor of a safetensors or .npz file, widened to double (C order).</summary>
/// <param name="Name">Its name in the file.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Values">Its values.</param>
/// <param name="Type">The stored type: F64, F32, F16 or BF16.</param>
public sealed record NamedTensor(string Name, int[] Shape, double[] Values, string Type);

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON object of name -> {dtype,
/// shape, data_offsets} (and an optional "__metadata__" of strings), then the raw little-endian tensors. No NuGet
/// package read it here, so this reader is written on System.Text.Json; it reads F64, F32, F16 and BF16 to double,
/// checks every offset against the file before touching the data, and refuses anything else with one line.
/// </summary>
public static class SafeTensors
{
    /// <summary>Largest header accepted (the format's own reference implementation caps it at 100 MB).</summary>
    public const long MaxHeader = 100_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Reads every tensor of the file, in the order of their offsets, and its metadata.</summary>
    public static (NamedTensor[] Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>The same from the file's bytes; <paramref name="source"/> names it in errors (<see cref="InvalidDataException"/>).</summary>
    public static (NamedTensor[] Tensors, Dictionary<string, string> Metadata) Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string name = Guard.Quote(source);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{name} is not a safetensors file: {bytes.Length} bytes, fewer than the 8 of the header length.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeader || headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"{name}: the header length {headerLength} runs past the file's {bytes.Length} bytes.");
        }

        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;
        try
        {
            _ = StrictUtf8.GetCharCount(bytes, 8, (int)headerLength);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"{name}: the header is not UTF-8 text.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: the header is not JSON ('{Guard.Quote(e.Message)}').");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{name}: the header is JSON but not an object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(string Name, string Type, int[] Shape, long Begin, long End)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in Properties(doc.RootElement, name))
            {
                if (!seen.Add(p.Name))
                {
                    throw new InvalidDataException($"{name}: the name '{Guard.Quote(p.Name)}' appears twice in the header.");
                }

                if (p.Name == "__metadata__")
                {
                    if (p.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{name}: __metadata__ must be an object of strings.");
                    }

                    foreach (JsonProperty m in p.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw new InvalidDataException($"{name}: __metadata__ value '{Guard.Quote(m.Name)}' is not a string.");
                    }

                    continue;
                }

                entries.Add(Entry(p, name));
            }

            // Offsets are relative to the data section; each must fit, match its dtype x shape, and not overlap another.
            foreach (var e in entries)
            {
                if (e.End > dataLength)
                {
                    throw new InvalidDataException($"{name}: tensor '{Guard.Quote(e.Name)}' has data_offsets [{e.Begin}, {e.End}] past the data's {dataLength} bytes.");
                }

                long count = e.Shape.Aggregate(1L, (a, s) => a * s);
                long needed = count * Width(e.Type);
                if (e.End - e.Begin != needed)
                {
                    throw new InvalidDataException($"{name}: tensor '{Guard.Quote(e.Name)}' ({e.Type}, shape [{string.Join(", ", e.Shape)}]) needs {needed} bytes, its data_offsets span {e.End - e.Begin}.");
                }
            }

            var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
            for (int k = 1; k < ordered.Count; k++)
            {
                if (ordered[k].Begin < ordered[k - 1].End)
                {
                    throw new InvalidDataException($"{name}: tensors '{Guard.Quote(ordered[k - 1].Name)}' and '{Guard.Quote(ordered[k].Name)}' overlap in the data.");
                }
            }

            NamedTensor[] tensors = [.. ordered.Select(e => new NamedTensor(e.Name, e.Shape, Decode(bytes.AsSpan(dataStart + (int)e.Begin, (int)(e.End - e.Begin)), e.Type), e.Type))];
            return (tensors, metadata);
        }
    }

    /// <summary>Writes the tensors as F64, in the given order, with the metadata.</summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, int[] Shape, double[] Values)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        long offset = 0;
        foreach (var (tensorName, shape, values) in tensors)
        {
            long count = shape.Aggregate(1L, (a, s) => a * s);
            if (count != values.Length)
            {
                throw new ArgumentException($"tensor {tensorName}: shape [{string.Join(", ", shape)}] holds {count} values, not {values.Length}.", nameof(tensors));
            }

            header.Add(tensorName, new Dictionary<string, object> { ["dtype"] = "F64", ["shape"] = shape, ["data_offsets"] = new[] { offset, offset + (8 * count) } });
            offset += 8 * count;
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        int pad = (8 - (json.Length % 8)) % 8; // the format pads the header with spaces to a multiple of 8
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + pad));
        stream.Write(length);
        stream.Write(json);
        for (int k = 0; k < pad; k++)
        {
            stream.WriteByte((byte)' ');
        }

        Span<byte> eight = stackalloc byte[8];
        foreach (var (_, _, values) in tensors)
        {
            foreach (double v in values)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(eight, v);
                stream.Write(eight);
            }
        }
    }

    // The object's properties, with a name that will not decode (an escaped lone surrogate) refused as bad data.
    private static List<JsonProperty> Properties(JsonElement root, string file)
    {
        try
        {
            var list = new List<JsonProperty>();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                _ = p.Name;
                if (p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty q in p.Value.EnumerateObject())
                    {
                        _ = q.Name;
                        _ = q.Value.ValueKind == JsonValueKind.String ? q.Value.GetString() : null;
                    }
                }

                list.Add(p);
            }

            return list;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{file}: the header holds a string that does not decode ('{Guard.Quote(e.Message)}').");
        }
    }

    private static (string Name, string Type, int[] Shape, long Begin, long End) Entry(JsonProperty p, string file)
    {
        string tensor = Guard.Quote(p.Name);
        if (p.Value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{file}: tensor {tensor} is not an object of dtype, shape and data_offsets.");
        }

        string? type = p.Value.TryGetProperty("dtype", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (type is not ("F64" or "F32" or "F16" or "BF16"))
        {
            throw new InvalidDataException($"{file}: tensor {tensor} has dtype '{Guard.Quote(type ?? "(none)")}'; only F64, F32, F16 and BF16 are read.");
        }

        if (!p.Value.TryGetProperty("shape", out JsonElement s) || s.ValueKind != JsonValueKind.Array || s.GetArrayLength() > 8
            || s.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int x) || x < 0))
        {
            throw new InvalidDataException($"{file}: tensor {tensor} has no shape of at most 8 non-negative integers.");
        }

        int[] shape = [.. s.EnumerateArray().Select(v => v.GetInt32())];
        if (shape.Aggregate(1L, (a, x) => a > int.MaxValue ? a : a * x) > int.MaxValue / 8)
        {
            throw new InvalidDataException($"{file}: tensor {tensor} of shape [{string.Join(", ", shape)}] is too large.");
        }

        if (!p.Value.TryGetProperty("data_offsets", out JsonElement o) || o.ValueKind != JsonValueKind.Array || o.GetArrayLength() != 2
            || o[0].ValueKind != JsonValueKind.Number || o[1].ValueKind != JsonValueKind.Number
            || !o[0].TryGetInt64(out long begin) || !o[1].TryGetInt64(out long end) || begin < 0 || end < begin)
        {
            throw new InvalidDataException($"{file}: tensor {tensor} has no data_offsets [begin, end] with 0 <= begin <= end.");
        }

        return (p.Name, type, shape, begin, end);
    }

    private static int Width(string type) => type switch { "F64" => 8, "F32" => 4, _ => 2 };

    private static double[] Decode(ReadOnlySpan<byte> data, string type)
    {
        int width = Width(type);
        var values = new double[data.Length / width];
        for (int k = 0; k < values.Length; k++)
        {
            ReadOnlySpan<byte> b = data.Slice(k * width, width);
            values[k] = type switch
            {
                "F64" => BinaryPrimitives.ReadDoubleLittleEndian(b),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16), // BF16: the top half of a float
            };
        }

        return values;
    }
}
