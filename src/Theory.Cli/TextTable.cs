namespace Theory.Cli;

/// <summary>A plain, aligned text table: stable in pipes and logs, unlike terminal-width rendering.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new InvalidOperationException($"row has {cells.Length} cells, table has {headers.Length} columns.");
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer)
    {
        int[] widths = [.. headers.Select((h, c) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length)))];
        writer.WriteLine(string.Join("  ", headers.Select((h, c) => h.PadLeft(widths[c]))));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))));
        }
    }

    /// <summary>Fixed point with <paramref name="digits"/> decimals; from 1e9 on, six significant digits (G6), not hundreds of integer digits.</summary>
    /// <remarks>A non-zero value that would round to 0.000 (or -0.000) is printed as what it is, in G2 (1E-300, -1.2E-05).</remarks>
    public static string Fixed(double value, int digits = 3) =>
        !double.IsFinite(value) ? CliApp.Number(value)
        : value != 0 && Math.Abs(value) < 0.5 * Math.Pow(10, -digits) ? value.ToString("G2", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) < 1e9 ? "F" + digits : "G6", System.Globalization.CultureInfo.InvariantCulture);

    public static string Interval((double Low, double High) ci, int digits = 3) => $"[{Fixed(ci.Low, digits)}, {Fixed(ci.High, digits)}]";

    public static string Percent(double fraction) => !double.IsFinite(fraction) ? "n/a" :
        (100 * fraction).ToString(fraction is > 0 and < 1e-4 ? "0.0E+0" : "0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
