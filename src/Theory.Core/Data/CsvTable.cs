using System.Globalization;
using System.Text;

namespace Theory.Data;

/// <summary>
/// A CSV file read as a header and rows of text fields (RFC 4180, plus what published spreadsheets carry): a UTF-8
/// byte-order mark, CRLF or LF line ends, fields in double quotes (with "" for a quote, and commas or line breaks
/// inside), spaces around fields, and one trailing comma on the header alone. Every row must have as many fields as
/// the header; a row that does not is an error naming the file and line, never a dropped row. Blank lines are skipped.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string name, string[] header, List<string[]> rows, List<int> lines)
    {
        Name = name;
        Header = header;
        Rows = rows;
        Lines = lines;
    }

    /// <summary>The file's name, as errors give it.</summary>
    public string Name { get; }

    /// <summary>The column names, trimmed and unquoted, in file order (a name may repeat).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows, each with <see cref="Header"/>.Count fields.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The line (1-based) on which each row starts.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>Reads a file; errors name it.</summary>
    public static CsvTable Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CsvException($"cannot read '{path}': {e.Message}");
        }

        return Parse(path, bytes);
    }

    /// <summary>Parses the bytes of a file called <paramref name="name"/> (UTF-8, with or without a byte-order mark).</summary>
    public static CsvTable Parse(string name, ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvException($"{name}: not UTF-8 text.");
        }

        return Parse(name, text);
    }

    /// <summary>Parses text (a leading byte-order mark is dropped).</summary>
    public static CsvTable Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        List<(int Line, string[] Fields)> records = Records(name, text, 1);
        if (records.Count == 0)
        {
            throw new CsvException($"{name}: empty file, no header.");
        }

        string[] header = records[0].Fields;
        if (header.Length > 1 && header[^1].Length == 0)
        {
            header = header[..^1]; // a trailing comma on the header line
        }

        for (int k = 0; k < header.Length; k++)
        {
            if (header[k].Length == 0)
            {
                throw new CsvException($"{name}:{records[0].Line}: column {k + 1} of the header has no name.");
            }
        }

        var rows = new List<string[]>();
        var lines = new List<int>();
        foreach ((int line, string[] fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                throw new CsvException($"{name}:{line}: {fields.Length} fields, the header has {header.Length}.");
            }

            rows.Add(fields);
            lines.Add(line);
        }

        return new CsvTable(name, header, rows, lines);
    }

    /// <summary>
    /// Splits one line (no line break in it) into trimmed, unquoted fields by the same rules as a whole file, for
    /// readers that go line by line; errors name <paramref name="name"/> and <paramref name="lineNumber"/>.
    /// </summary>
    public static string[] SplitLine(string line, string name, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("one line, without its line break.", nameof(line));
        }

        List<(int Line, string[] Fields)> records = Records(name, line, lineNumber);
        return records.Count == 0 ? [string.Empty] : records[0].Fields;
    }

    /// <summary>The index of the first column called <paramref name="column"/>, or -1.</summary>
    public int IndexOf(string column) => Array.IndexOf((string[])Header, column);

    /// <summary>Every index of a column called <paramref name="column"/>, in file order.</summary>
    public int[] IndicesOf(string column) => [.. Enumerable.Range(0, Header.Count).Where(k => Header[k] == column)];

    /// <summary>The first column called <paramref name="column"/>, or an error naming the file and the column.</summary>
    public int Require(string column)
    {
        int k = IndexOf(column);
        return k >= 0 ? k : throw new CsvException($"{Name}: no column '{column}' (columns: {string.Join(", ", Header.Select(h => $"'{h}'"))}).");
    }

    /// <summary>Column <paramref name="index"/> of every row as numbers; a field that is not a finite number is an error naming file, line and column.</summary>
    public double[] Numbers(int index)
    {
        var values = new double[Rows.Count];
        for (int r = 0; r < Rows.Count; r++)
        {
            string field = Rows[r][index];
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw new CsvException($"{Name}:{Lines[r]}: column '{Header[index]}': '{Guard.Quote(field)}' is not a finite number.");
            }

            values[r] = v;
        }

        return values;
    }

    /// <summary>Column <paramref name="index"/> of every row as text, with one pair of surrounding single quotes removed.</summary>
    public string[] Names(int index) =>
        [.. Rows.Select(row => row[index] is { Length: >= 2 } f && f[0] == '\'' && f[^1] == '\'' ? f[1..^1] : row[index])];

    // Splits text into records of trimmed, unquoted fields, each with the line it starts on.
    private static List<(int Line, string[] Fields)> Records(string name, string text, int firstLine)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = firstLine, start = firstLine, i = 0;
        bool blank = true; // the record so far holds nothing but spaces

        void EndField(bool quoted)
        {
            fields.Add(quoted ? field.ToString() : field.ToString().Trim(' ', '\t'));
            field.Clear();
        }

        void EndRecord()
        {
            if (!blank)
            {
                records.Add((start, [.. fields]));
            }

            fields.Clear();
            blank = true;
        }

        while (i <= text.Length)
        {
            // At the start of a field: spaces, then a quoted or an unquoted field.
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }

            if (i < text.Length && text[i] == '"')
            {
                blank = false;
                int opened = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new CsvException($"{name}:{opened}: a quoted field is never closed.");
                    }

                    char c = text[i++];
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"')
                        {
                            field.Append('"');
                            i++;
                            continue;
                        }

                        break;
                    }

                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
                {
                    i++;
                }

                if (i < text.Length && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                {
                    throw new CsvException($"{name}:{line}: '{Guard.Quote(text[i].ToString())}' after a closing quote; a quoted field must end at a comma or the line's end.");
                }

                EndField(quoted: true);
            }
            else
            {
                while (i < text.Length && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                {
                    if (text[i] == '"')
                    {
                        throw new CsvException($"{name}:{line}: a quote inside an unquoted field.");
                    }

                    field.Append(text[i++]);
                }

                if (field.ToString().Trim(' ', '\t').Length > 0)
                {
                    blank = false;
                }

                EndField(quoted: false);
            }

            if (i >= text.Length)
            {
                EndRecord();
                break;
            }

            char end = text[i++];
            if (end == ',')
            {
                blank = false;
                continue;
            }

            if (end == '\r' && i < text.Length && text[i] == '\n')
            {
                i++;
            }

            EndRecord();
            line++;
            start = line;
        }

        return records;
    }
}

/// <summary>A file that cannot be read as the table it should be; the message is one line naming the file.</summary>
public sealed class CsvException(string message) : IOException(message);
