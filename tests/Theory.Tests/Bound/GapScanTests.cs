using Theory.Bound;
using Xunit;

namespace Theory.Tests.Bound;

/// <summary>
/// <see cref="GapScan"/> against a brute-force pass over the same grid with the validated scalar
/// <see cref="EntropyBound.Gap"/> and <see cref="EntropyBound.LogGap"/> at every point; and its counters against a
/// row evaluator that breaks the bound where the test says.
/// </summary>
public class GapScanTests
{
    // sigma ends at 1 = s-max exactly, so g = 0 exactly at one point per rho; the interior sigma = 0.1 and 0.01 come
    // from exp and differ from s = 0.1 (also from exp) and 0.01 (exact) by an ulp or so: tiny but positive gaps.
    private static readonly GapScan.Grid Small = new(RhoMin: 0.25, RhoMax: 4, RhoCount: 3, SMin: 1e-2, SMax: 1, SCount: 3, SigmaMin: 1e-3, SigmaMax: 1, SigmaCount: 4);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_field_equals_a_brute_force_pass_over_the_grid(bool vectorised)
    {
        var fractions = new List<double>();
        GapScan.Result r = GapScan.Run(Small, vectorised, fractions.Add);

        double[] rhos = [0.25, 1, 4], ss = [1e-2, 0.1, 1], sigmas = [1e-3, 1e-2, 0.1, 1];
        Assert.Equal(rhos, r.Rhos, (a, b) => Math.Abs(a - b) <= 1e-15 * b);
        long tiny = 0, monotone = 0;
        double minGap = double.PositiveInfinity, maxDistance = 0;
        (double, double, double) minAt = default;
        double[] maxGap = new double[3], maxLog = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        foreach (double s in GapScan.LogSpace(1e-2, 1, 3))
        {
            for (int ri = 0; ri < 3; ri++)
            {
                foreach (double sigma in GapScan.LogSpace(1e-3, 1, 4))
                {
                    double rho = r.Rhos[ri], g = EntropyBound.Gap(rho, s, sigma);
                    Assert.True(g >= 0);
                    (minGap, minAt) = g < minGap ? (g, (rho, s, sigma)) : (minGap, minAt);
                    if (g < 1e-12)
                    {
                        tiny++;
                        maxDistance = Math.Max(maxDistance, Math.Abs((sigma / s) - 1));
                    }

                    maxGap[ri] = Math.Max(maxGap[ri], g);
                    maxLog[ri] = Math.Max(maxLog[ri], EntropyBound.LogGap(rho, s, sigma)); // every sigma, not only the ends
                    monotone += ri > 0 && g < EntropyBound.Gap(r.Rhos[ri - 1], s, sigma) ? 1 : 0;
                }
            }
        }

        Assert.Equal(36, r.Points);
        Assert.Equal(0, r.Violations);
        Assert.Equal(0, monotone);
        Assert.Equal(monotone, r.MonotoneViolations);
        Assert.Equal(0, minGap);
        Assert.Equal(0.25, minAt.Item1); // the first zero in scan order (s, then rho, then sigma): several rho give one
        Assert.Equal(minGap, r.MinGap);
        Assert.Equal(minAt, r.MinGapAt);
        Assert.Equal(9, tiny); // sigma = s at each of 3 s and 3 rho
        Assert.Equal(tiny, r.TinyGapPoints);
        Assert.True(maxDistance < 1e-15, $"{maxDistance:R}");
        Assert.Equal(maxDistance, r.MaxRelativeDistanceAtTinyGap);
        Assert.Equal(maxGap, r.MaxGapPerRho);
        Assert.Equal(maxLog, r.MaxLogGapPerRho);
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], fractions);
        Assert.Equal(sigmas, GapScan.LogSpace(1e-3, 1, 4), (a, b) => Math.Abs(a - b) <= 1e-15 * b);
        Assert.Equal(ss, GapScan.LogSpace(1e-2, 1, 3), (a, b) => Math.Abs(a - b) <= 1e-15 * b);
    }

    [Fact]
    public void Violations_falls_along_rho_and_tiny_gaps_are_counted_where_a_row_breaks_the_bound()
    {
        // One s, three rho, four sigma; the evaluator writes these rows in place of the true gaps.
        double[][] rows = [[1, 1e-12, 3, 4], [1, -1, 3, 0.5], [double.NaN, 2, 5, 1e-13]]; // 1e-12 is not below 1e-12
        var grid = new GapScan.Grid(RhoMin: 1, RhoMax: 100, RhoCount: 3, SMin: 0.5, SMax: 0.5, SCount: 1, SigmaMin: 0.1, SigmaMax: 1e5, SigmaCount: 4);
        int call = 0;
        GapScan.Result r = GapScan.Run(grid, (rho, s, sigma, gap) => rows[call++].CopyTo(gap), null);

        Assert.Equal(3, call);
        Assert.Equal(2, r.Violations); // -1 and NaN
        Assert.Equal(2, r.MonotoneViolations); // 0.5 after 4, then 1e-13 after 0.5
        Assert.Equal(1e-13, r.MinGap);
        Assert.Equal((100.0, 0.5, 1e5), r.MinGapAt);
        Assert.Equal(1, r.TinyGapPoints);
        Assert.Equal((1e5 / 0.5) - 1, r.MaxRelativeDistanceAtTinyGap, 1e-9);
        Assert.Equal([4.0, 3, 5], r.MaxGapPerRho);
    }

    [Fact]
    public void A_single_point_range_is_one_value()
    {
        Assert.Equal([0.3], GapScan.LogSpace(0.3, 0.3, 1));
        Assert.Equal([1.0], GapScan.LogSpace(1, 2, 1)); // one point is the start, whatever the end
        GapScan.Result r = GapScan.Run(new GapScan.Grid(RhoMin: 2, RhoMax: 2, RhoCount: 1, SMin: 0.5, SMax: 0.5, SCount: 1, SigmaMin: 0.25, SigmaMax: 0.25, SigmaCount: 1));
        Assert.Equal(1, r.Points);
        Assert.Equal(EntropyBound.Gap(2, 0.5, 0.25), r.MinGap);
        Assert.Equal([2.0], r.Rhos);
    }
}
