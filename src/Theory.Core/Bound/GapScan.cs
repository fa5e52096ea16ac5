namespace Theory.Bound;

/// <summary>
/// Checks the entropy bound over a log-spaced grid of (rho, s, sigma): counts violations, finds the smallest
/// gap, checks that g = 0 only at sigma = s, that g is non-decreasing along rho, and how the largest gap
/// shrinks as rho -> 0 (THEORY.md section 5).
/// </summary>
public static class GapScan
{
    /// <summary>Grid ranges and sizes (log-spaced, ends included).</summary>
    public sealed record Grid(
        double RhoMin = 1e-6, double RhoMax = 10, int RhoCount = 100,
        double SMin = 1e-6, double SMax = 1e3, int SCount = 100,
        double SigmaMin = 1e-12, double SigmaMax = 1e6, int SigmaCount = 1000)
    {
        /// <summary>Total points.</summary>
        public long Points => (long)RhoCount * SCount * SigmaCount;

        /// <summary>Throws an ArgumentException naming the first bad range.</summary>
        public void Validate()
        {
            Check(RhoMin, RhoMax, RhoCount, "rho");
            Check(SMin, SMax, SCount, "s");
            Check(SigmaMin, SigmaMax, SigmaCount, "sigma");
        }

        private static void Check(double min, double max, int count, string name)
        {
            Guard.PositiveFinite(min, name + "-min");
            Guard.PositiveFinite(max, name + "-max");
            if (count < 1 || (count > 1 && !(max > min)) || (count == 1 && min != max))
            {
                throw new ArgumentException(count == 1
                    ? $"{name}-count 1 takes {name}-min = {name}-max, a single value (got [{Guard.Format(min)}, {Guard.Format(max)}])."
                    : $"{name} range needs {name}-min < {name}-max and at least 2 points, or one point with {name}-min = {name}-max (got [{Guard.Format(min)}, {Guard.Format(max)}] x {count}).", name);
            }
        }
    }

    /// <summary>What the scan found.</summary>
    public sealed record Result(
        long Points,
        long Violations,
        double MinGap,
        (double Rho, double S, double Sigma) MinGapAt,
        double MaxRelativeDistanceAtTinyGap,
        long TinyGapPoints,
        long MonotoneViolations,
        double[] Rhos,
        double[] MaxGapPerRho,
        double[] MaxLogGapPerRho);

    /// <summary>Log-spaced values from min to max.</summary>
    public static double[] LogSpace(double min, double max, int count)
    {
        if (count == 1)
        {
            return [min];
        }

        double a = Math.Log(min), b = Math.Log(max);
        double[] v = [.. Enumerable.Range(0, count).Select(k => Math.Exp(a + (b - a) * k / (count - 1)))];
        v[0] = min;
        v[^1] = max;
        return v;
    }

    /// <summary>Runs the scan; <paramref name="progress"/> receives the fraction done after each s.</summary>
    public static Result Run(Grid grid, bool vectorised = true, Action<double>? progress = null) =>
        Run(grid, vectorised ? EntropyBound.Gaps : static (rho, s, sigma, gap) => EntropyBound.GapsScalar(rho, s, sigma, gap), progress);

    /// <summary>g for every sigma of a row at fixed rho and s, written to gap.</summary>
    internal delegate void RowGaps(double rho, double s, ReadOnlySpan<double> sigma, Span<double> gap);

    /// <summary>
    /// The scan with the row evaluator given: the tests hand it one that breaks the bound at chosen points, since the
    /// true gap never does, to check that violations and falls along rho are counted.
    /// </summary>
    internal static Result Run(Grid grid, RowGaps rowGaps, Action<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        double[] rhos = LogSpace(grid.RhoMin, grid.RhoMax, grid.RhoCount);
        double[] ss = LogSpace(grid.SMin, grid.SMax, grid.SCount);
        double[] sigmas = LogSpace(grid.SigmaMin, grid.SigmaMax, grid.SigmaCount);
        var maxGap = new double[rhos.Length];
        var maxLogGap = Enumerable.Repeat(double.NegativeInfinity, rhos.Length).ToArray();
        var row = new double[sigmas.Length];
        var previous = new double[sigmas.Length];
        long violations = 0, monotone = 0, tiny = 0;
        double minGap = double.PositiveInfinity, maxDistance = 0;
        (double, double, double) minAt = (double.NaN, double.NaN, double.NaN);

        for (int si = 0; si < ss.Length; si++)
        {
            double s = ss[si];
            for (int ri = 0; ri < rhos.Length; ri++)
            {
                double rho = rhos[ri];
                rowGaps(rho, s, sigmas, row);

                for (int k = 0; k < row.Length; k++)
                {
                    double g = row[k];
                    if (!(g >= 0))
                    {
                        violations++;
                        continue;
                    }

                    if (g < minGap)
                    {
                        minGap = g;
                        minAt = (rho, s, sigmas[k]);
                    }

                    if (g < 1e-12)
                    {
                        tiny++;
                        maxDistance = Math.Max(maxDistance, Math.Abs(sigmas[k] / s - 1));
                    }

                    if (g > maxGap[ri])
                    {
                        maxGap[ri] = g;
                    }

                    if (ri > 0 && g < previous[k])
                    {
                        monotone++;
                    }
                }

                // The largest gap in a row is at an end of the sigma range; ln g there stays finite.
                double logEnds = Math.Max(EntropyBound.LogGap(rho, s, sigmas[0]), EntropyBound.LogGap(rho, s, sigmas[^1]));
                maxLogGap[ri] = Math.Max(maxLogGap[ri], logEnds);
                (previous, row) = (row, previous);
            }

            progress?.Invoke((double)(si + 1) / ss.Length);
        }

        return new Result(grid.Points, violations, minGap, minAt, maxDistance, tiny, monotone, rhos, maxGap, maxLogGap);
    }
}
