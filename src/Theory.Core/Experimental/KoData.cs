using Theory.Data;

namespace Theory.Experimental;

/// <summary>
/// Ko et al. 2013 (mouse V1 L2/3, in vivo) as analysed by Aitchison et al. 2021: one row per connection, the mean and
/// variance of the EPSP amplitude and the presynaptic firing rate inferred by foopsi deconvolution
/// (data/experimental/README.md). Columns are read by name: <c>mean</c>, <c>var</c>, <c>foopsi_mean</c>.
/// </summary>
/// <param name="Source">The file the rows came from.</param>
/// <param name="Mean">Mean EPSP amplitude per connection (positive).</param>
/// <param name="Variance">EPSP amplitude variance per connection (positive).</param>
/// <param name="InputRate">Inferred presynaptic rate (foopsi_mean, positive).</param>
public sealed record KoData(string Source, double[] Mean, double[] Variance, double[] InputRate)
{
    /// <summary>The columns that make a file of this shape.</summary>
    public static readonly string[] Columns = ["mean", "var", "foopsi_mean"];

    /// <summary>Connections.</summary>
    public int Count => Mean.Length;

    /// <summary>Normalised variability var/mean per connection.</summary>
    public double[] NormalisedVariability => [.. Variance.Zip(Mean, (v, m) => v / m)];

    /// <summary>Reads a table of this shape; a value that a log-log fit cannot take is an error naming file and line.</summary>
    public static KoData From(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double[] Positive(string column)
        {
            int k = table.Require(column);
            double[] v = table.Numbers(k);
            for (int r = 0; r < v.Length; r++)
            {
                if (!(v[r] > 0))
                {
                    throw new CsvException(FormattableString.Invariant($"{table.Name}:{table.Lines[r]}: column '{column}' is {v[r]}; a log-log fit needs it positive."));
                }
            }

            return v;
        }

        var data = new KoData(table.Name, Positive("mean"), Positive("var"), Positive("foopsi_mean"));
        if (data.Count < 3)
        {
            throw new CsvException(FormattableString.Invariant($"{table.Name}: {data.Count} connections; a fit with a p-value needs at least 3."));
        }

        return data;
    }
}
