using Theory.Data;

namespace Theory.Experimental;

/// <summary>
/// Sjöström, Turrigiano and Nelson 2001 (rat visual cortex L5, STDP) as reanalysed by Schug et al. 2021: one row per
/// recording, release probability Pr and quantal size q before and after plasticity (data/experimental/README.md).
/// </summary>
/// <remarks>
/// The weight columns are found, not trusted: of the columns called <c>w (before)</c> (and <c>w (after)</c>), the first
/// that equals Pr q on every row to 1e-6 is the weight; the LTD file's repeated, mislabelled pair fails that test. A file
/// where no column pair passes is refused. The relative change is |w after - w before| / w before from those weights,
/// and, where the file has a <c>dw_rel</c> column, checked against it row by row.
/// </remarks>
/// <param name="Source">The file the rows came from.</param>
/// <param name="Recording">Recording names (surrounding single quotes removed).</param>
/// <param name="ReleaseProbability">Pr before plasticity, in (0, 1).</param>
/// <param name="WeightBefore">w = Pr q before plasticity.</param>
/// <param name="WeightAfter">w = Pr q after plasticity.</param>
public sealed record SjostromData(string Source, string[] Recording, double[] ReleaseProbability, double[] WeightBefore, double[] WeightAfter)
{
    /// <summary>The columns that make a file of this shape.</summary>
    public static readonly string[] Columns = ["Pr (before)", "Pr (after)", "q (mV, before)", "q (mV, after)", "w (before)", "w (after)"];

    /// <summary>Relative tolerance of the identity w = Pr q (the files give 5 significant digits of Pr and q, and w to 1e-8).</summary>
    public const double IdentityTolerance = 1e-6;

    /// <summary>Recordings.</summary>
    public int Count => ReleaseProbability.Length;

    /// <summary>Coefficient of variation of a binomial synapse with one release site before plasticity, sqrt((1 - Pr)/Pr).</summary>
    public double[] CoefficientOfVariation => [.. ReleaseProbability.Select(p => Math.Sqrt((1 - p) / p))];

    /// <summary>|w after - w before| / w before.</summary>
    public double[] RelativeChange => [.. WeightBefore.Zip(WeightAfter, (b, a) => Math.Abs(a - b) / b)];

    /// <summary>Reads a table of this shape.</summary>
    public static SjostromData From(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double[] prBefore = table.Numbers(table.Require("Pr (before)"));
        double[] prAfter = table.Numbers(table.Require("Pr (after)"));
        double[] qBefore = table.Numbers(table.Require("q (mV, before)"));
        double[] qAfter = table.Numbers(table.Require("q (mV, after)"));
        for (int r = 0; r < prBefore.Length; r++)
        {
            if (!(prBefore[r] > 0 && prBefore[r] < 1))
            {
                throw new CsvException(FormattableString.Invariant($"{table.Name}:{table.Lines[r]}: Pr (before) is {prBefore[r]}; CV = sqrt((1 - Pr)/Pr) needs 0 < Pr < 1."));
            }

            if (!(qBefore[r] > 0))
            {
                throw new CsvException(FormattableString.Invariant($"{table.Name}:{table.Lines[r]}: q (mV, before) is {qBefore[r]}; a weight must be positive."));
            }
        }

        double[] before = Weight(table, "w (before)", prBefore, qBefore);
        double[] after = Weight(table, "w (after)", prAfter, qAfter);
        var data = new SjostromData(table.Name, table.IndexOf("Recording") is int k and >= 0 ? table.Names(k) : [.. table.Lines.Select(l => $"line {l}")],
            prBefore, before, after);
        double[] computed = data.RelativeChange;
        if (table.IndexOf("dw_rel") is int d and >= 0)
        {
            double[] given = table.Numbers(d);
            for (int r = 0; r < given.Length; r++)
            {
                if (!(Math.Abs(given[r] - computed[r]) <= IdentityTolerance * Math.Max(Math.Abs(computed[r]), 1e-300)))
                {
                    throw new CsvException(FormattableString.Invariant($"{table.Name}:{table.Lines[r]}: dw_rel is {given[r]}, but |w after - w before| / w before is {computed[r]}."));
                }
            }
        }

        for (int r = 0; r < data.Count; r++)
        {
            if (!(computed[r] > 0))
            {
                throw new CsvException(FormattableString.Invariant($"{table.Name}:{table.Lines[r]}: the weight did not change; a log-log fit needs dw_rel > 0."));
            }
        }

        if (data.Count < 3)
        {
            throw new CsvException(FormattableString.Invariant($"{table.Name}: {data.Count} recordings; a fit with a p-value needs at least 3."));
        }

        return data;
    }

    // The first column of that name that equals Pr q on every row.
    private static double[] Weight(CsvTable table, string name, double[] pr, double[] q)
    {
        int[] candidates = table.IndicesOf(name);
        if (candidates.Length == 0)
        {
            throw new CsvException(FormattableString.Invariant($"{table.Name}: no column '{name}'."));
        }

        foreach (int k in candidates)
        {
            double[] w = table.Numbers(k);
            if (Enumerable.Range(0, w.Length).All(r => Math.Abs(w[r] - (pr[r] * q[r])) <= IdentityTolerance * Math.Abs(pr[r] * q[r])))
            {
                return w;
            }
        }

        throw new CsvException(candidates.Length == 1
            ? $"{table.Name}: column '{name}' is not Pr x q on every row, so it is not the weight."
            : $"{table.Name}: none of the {candidates.Length} columns '{name}' is Pr x q on every row, so none is the weight.");
    }
}
