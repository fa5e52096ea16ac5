using System.Globalization;

namespace Theory.Data;

/// <summary>
/// A square weight matrix from a file: a 2-D float64 .npy, or text with one row per line and the entries separated by
/// commas or white space (no header; # starts a comment line). Refuses a matrix that is not square or not finite.
/// </summary>
public static class MatrixFile
{
    /// <summary>The matrix row-major and its size n. Throws an <see cref="IOException"/> naming the file and the problem.</summary>
    public static (double[] Values, int N) ReadSquare(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Guard.Quote(path);
        if (!File.Exists(path))
        {
            throw new IOException(Directory.Exists(path) ? $"'{name}' is a folder, not a matrix file." : $"no matrix file '{name}'.");
        }

        double[] values;
        int rows, columns;
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            (values, int[] shape) = NpyReader.Read(path);
            if (shape.Length != 2)
            {
                throw new IOException($"{name}: a matrix must be 2-D (shape ({string.Join(", ", shape)})).");
            }

            (rows, columns) = (shape[0], shape[1]);
        }
        else
        {
            (values, rows, columns) = ReadText(path, name);
        }

        if (rows != columns || rows < 2)
        {
            throw new IOException($"{name}: the matrix is {rows} x {columns}; it must be square with at least 2 rows.");
        }

        for (int k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                throw new IOException($"{name}: entry ({k / columns + 1}, {k % columns + 1}) is {Guard.Format(values[k])}; every entry must be finite.");
            }
        }

        return (values, rows);
    }

    private static (double[] Values, int Rows, int Columns) ReadText(string path, string name)
    {
        var values = new List<double>();
        int rows = 0, columns = -1, lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = line.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries);
            if (columns >= 0 && fields.Length != columns)
            {
                throw new IOException($"{name}:{lineNumber}: {fields.Length} entries, the first row has {columns}.");
            }

            columns = fields.Length;
            foreach (string field in fields)
            {
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new IOException($"{name}:{lineNumber}: '{Guard.Quote(field)}' is not a number.");
                }

                values.Add(v);
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new IOException($"{name}: no matrix rows in the file.");
        }

        return ([.. values], rows, columns);
    }
}
