using MathNet.Numerics.Distributions;

namespace Theory.Stats;

/// <summary>
/// The spread of one quantity over independent replicates (training runs with different seeds): the mean, the
/// sample standard deviation and the t-based 95% interval of the mean, mean +- t(0.975, n - 1) sd / sqrt(n).
/// </summary>
/// <param name="Mean">Mean over the replicates.</param>
/// <param name="StandardDeviation">Sample standard deviation (n - 1 in the denominator); NaN for one replicate.</param>
/// <param name="Low">Lower end of the 95% interval of the mean; NaN for one replicate.</param>
/// <param name="High">Upper end.</param>
/// <param name="Count">Replicates.</param>
public readonly record struct Spread(double Mean, double StandardDeviation, double Low, double High, int Count)
{
    /// <summary>Whether <paramref name="value"/> lies in the interval (false when there is none).</summary>
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>The spread of <paramref name="values"/> (NaN values are refused: a replicate without the quantity is a bug upstream).</summary>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no replicates.", nameof(values));
        }

        double[] v = [.. values];
        Guard.AllFinite(v, nameof(values));
        double mean = v.Average();
        if (v.Length == 1)
        {
            return new Spread(mean, double.NaN, double.NaN, double.NaN, 1);
        }

        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        double half = StudentT.InvCDF(0, 1, v.Length - 1, 0.975) * sd / Math.Sqrt(v.Length);
        return new Spread(mean, sd, mean - half, mean + half, v.Length);
    }
}
