namespace Theory.Stats;

/// <summary>Percentile bootstrap over (x, y) pairs, seeded.</summary>
public static class Bootstrap
{
    /// <summary>
    /// 95% (or <paramref name="level"/>) percentile interval of the OLS slope, resampling pairs with replacement.
    /// Resamples whose x is constant are redrawn.
    /// </summary>
    public static (double Low, double High) SlopeInterval(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ulong seed, int resamples = 2000, double level = 0.95)
    {
        _ = LinearFit.Of(x, y); // validates
        if (resamples < 10)
        {
            throw new ArgumentException("resamples must be at least 10.", nameof(resamples));
        }

        var rng = new Xoshiro256(seed);
        int n = x.Length;
        var bx = new double[n];
        var by = new double[n];
        var slopes = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double slope;
            do
            {
                for (int i = 0; i < n; i++)
                {
                    int k = rng.NextInt(n);
                    bx[i] = x[k];
                    by[i] = y[k];
                }

                slope = LinearFit.OfUnchecked(bx, by).Slope;
            }
            while (double.IsNaN(slope));

            slopes[b] = slope;
        }

        Array.Sort(slopes);
        double alpha = (1 - level) / 2;
        return (Quantile(slopes, alpha), Quantile(slopes, 1 - alpha));
    }

    /// <summary>Linear-interpolated quantile of sorted data (type 7).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no data.", nameof(sorted));
        }

        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Median (copies and sorts).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] a = [.. values];
        Array.Sort(a);
        return Quantile(a, 0.5);
    }
}
