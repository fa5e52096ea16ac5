using System.Globalization;

namespace Theory.Cli;

/// <summary>
/// Reads a column of non-negative numbers: one per line, or one column of a CSV with or without header. Fields
/// may be quoted as RFC 4180 has it ("a, b" is one field, "" inside quotes is a quote), as pandas writes them; the
/// line is split by the same rules as every CSV the project reads (Theory.Data.CsvTable), one line at a time.
/// </summary>
internal static class ImportanceReader
{
    public static double[] Read(TextReader reader, string source, string? column)
    {
        var values = new List<double>();
        int index = 0;
        int lineNumber = 0;
        bool first = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            string[] fields = SplitFields(line, source, lineNumber);
            if (first)
            {
                first = false;
                index = ResolveColumn(fields, column, source, out bool isHeader);
                if (isHeader)
                {
                    continue;
                }
            }

            if (index >= fields.Length)
            {
                throw new UsageException($"{source}:{lineNumber}: has {fields.Length} fields, no column {index}.");
            }

            if (column is null && fields.Length > 1)
            {
                // "1,5" is a decimal comma as often as two columns: never read it as 1 without being told to.
                throw new UsageException(
                    $"{source}:{lineNumber}: {fields.Length} comma-separated fields; give --column to choose one (or, for a decimal comma, write {string.Join(".", fields.Take(2))}).");
            }

            string field = fields[index].Trim();
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw new UsageException($"{source}:{lineNumber}: '{Theory.Guard.Quote(field)}' is not a finite number.");
            }

            if (value < 0)
            {
                throw new UsageException($"{source}:{lineNumber}: importance {Theory.Guard.Quote(field)} is negative (A_ii = sum_t x_ti^2 >= 0).");
            }

            values.Add(value);
        }

        if (values.Count == 0)
        {
            throw new UsageException($"{source}: no importances found.");
        }

        return [.. values];
    }

    /// <summary>Splits one CSV line by the project's CSV rules (<see cref="Theory.Data.CsvTable.SplitLine"/>); a malformed line is bad input.</summary>
    internal static string[] SplitFields(string line, string source, int lineNumber)
    {
        try
        {
            return Theory.Data.CsvTable.SplitLine(line, source, lineNumber);
        }
        catch (Theory.Data.CsvException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// A first line is a header only when none of its fields could be meant as a number: each starts with a letter
    /// or an underscore and is not inf, infinity or nan. "5 # first", "1e5x" and "inf" are data, so they fail as data
    /// with their line number instead of vanishing as a header.
    /// </summary>
    internal static bool IsHeader(string[] fields) => fields.All(f =>
    {
        string t = f.Trim();
        return t.Length > 0 && (char.IsLetter(t[0]) || t[0] == '_')
            && !t.Equals("inf", StringComparison.OrdinalIgnoreCase) && !t.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            && !t.Equals("nan", StringComparison.OrdinalIgnoreCase);
    });

    private static int ResolveColumn(string[] fields, string? column, string source, out bool isHeader)
    {
        isHeader = IsHeader(fields);
        if (column is null)
        {
            return 0;
        }

        if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int k))
        {
            return k;
        }

        if (!isHeader)
        {
            throw new UsageException($"{source}: --column '{column}' names a header, but the first line has none.");
        }

        int found = Array.FindIndex(fields, f => f.Trim() == column);
        int count = fields.Count(f => f.Trim() == column);
        if (count > 1)
        {
            throw new UsageException($"{source}: column '{Theory.Guard.Quote(column)}' appears {count} times in the header; give its position (--column {found}) instead.");
        }

        return found >= 0 ? found : throw new UsageException($"{source}: no column named '{Theory.Guard.Quote(column)}' in the header.");
    }
}
