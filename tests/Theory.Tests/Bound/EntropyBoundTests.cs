using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Theory.Bound;
using Theory.Tests.Kernels;
using Xunit;

namespace Theory.Tests.Bound;

public class EntropyBoundTests
{
    private static Gen<(double Rho, double S, double Sigma)> FullRange =>
        from rho in Ranges.LogUniform(1e-12, 10)
        from s in Ranges.LogUniform(1e-12, 1e12)
        from sigma in Ranges.LogUniform(1e-300, 1e300)
        select (rho, s, sigma);

    [Property(MaxTest = 3000)]
    public Property Gap_is_never_negative_nor_nan_over_the_full_ranges() =>
        Prop.ForAll(FullRange.ToArbitrary(), p =>
        {
            double g = EntropyBound.Gap(p.Rho, p.S, p.Sigma);
            double log = EntropyBound.LogGap(p.Rho, p.S, p.Sigma);
            bool logOk = g == 0 ? double.IsNegativeInfinity(log) : double.IsFinite(log) && (double.IsPositiveInfinity(g) ? log > 709 : Math.Abs(Math.Log(g) - log) <= 1e-12 * Math.Max(1, Math.Abs(log)));
            return (g >= 0 && logOk).Label($"g = {g:R}, ln g = {log:R}");
        });

    [Property(MaxTest = 2000)]
    public Property Gap_is_non_decreasing_in_rho() =>
        Prop.ForAll((from p in FullRange from k in Ranges.LogUniform(1, 100) select (p, k)).ToArbitrary(), x =>
        {
            var (p, k) = x;
            double rho2 = Math.Min(10, p.Rho * k);
            double g1 = EntropyBound.Gap(p.Rho, p.S, p.Sigma), g2 = EntropyBound.Gap(rho2, p.S, p.Sigma);
            return (g2 >= g1).Label($"g({p.Rho:R}) = {g1:R} > g({rho2:R}) = {g2:R}");
        });

    [Property(MaxTest = 2000)]
    public Property Gap_stays_non_decreasing_in_rho_far_above_10() =>
        // Past rho ~ 1e16, 1/rho is below the rounding of u = ln(s/sigma), and g -> -u from below for sigma > s:
        // evaluated as (e^y - 1 - y)/rho with y = rho u, g used to step down by an ulp as rho grew.
        Prop.ForAll((from rho in Ranges.LogUniform(10, 1e298)
                     from k in Ranges.LogUniform(1, 100)
                     from s in Ranges.LogUniform(1e-12, 1e12)
                     from sigma in Ranges.LogUniform(1e-300, 1e300)
                     select (rho, k, s, sigma)).ToArbitrary(), x =>
        {
            double g1 = EntropyBound.Gap(x.rho, x.s, x.sigma), g2 = EntropyBound.Gap(x.rho * x.k, x.s, x.sigma);
            return (g2 >= g1).Label($"g({x.rho:R}) = {g1:R} > g({x.rho * x.k:R}) = {g2:R} at s = {x.s:R}, sigma = {x.sigma:R}");
        });

    [Property(MaxTest = 1000)]
    public Property Gap_tends_to_its_small_rho_limit_rho_u_squared_over_2() =>
        Prop.ForAll((from s in Ranges.LogUniform(1e-12, 1e12) from sigma in Ranges.LogUniform(1e-300, 1e300) select (s, sigma)).ToArbitrary(), p =>
        {
            double u = Math.Log(p.s) - Math.Log(p.sigma);
            double rho = 1e-9 / Math.Max(1, Math.Abs(u));
            double g = EntropyBound.Gap(rho, p.s, p.sigma);
            double limit = rho * u * u / 2;
            // g = rho u^2/2 (1 + rho u / 3 + ...): relative deviation about |rho u| / 3 <= 4e-10, plus rounding of u.
            return (Math.Abs(g - limit) <= 1e-9 * limit + 1e-300).Label($"g = {g:R}, rho u^2 / 2 = {limit:R}");
        });

    [Property(MaxTest = 2000)]
    public Property Summed_bound_is_at_least_the_summed_entropic_cost() =>
        Prop.ForAll((from rho in Ranges.LogUniform(1e-6, 10)
                     from s in Ranges.LogUniform(1e-6, 1e3)
                     from a in Ranges.LogUniform(1e-6, 1e3)
                     from b in Ranges.LogUniform(1e-6, 1e3)
                     from c in Ranges.LogUniform(1e-6, 1e3)
                     select (rho, s, sigmas: new[] { a, b, c })).ToArbitrary(), p =>
        {
            double K = EntropyBound.Constant(p.rho, p.s);
            double biological = p.sigmas.Sum(x => Theory.Analytic.ReliabilityCost.Value(p.rho, p.s, 1, x) + K);
            double entropic = p.sigmas.Sum(x => -EntropyBound.Entropy(x));
            double gap = EntropyBound.SummedGap(p.rho, p.s, p.sigmas);
            // K and (1/rho)(s/sigma)^rho are each ~1/rho and cancel: the rounding scale is their size, not the sums'.
            double scale = p.sigmas.Sum(x => Theory.Analytic.ReliabilityCost.Value(p.rho, p.s, 1, x) + Math.Abs(K) + Math.Abs(EntropyBound.Entropy(x)));
            return (biological >= entropic - 1e-12 * scale && Math.Abs(biological - entropic - gap) <= 1e-9 * scale).Label($"bio {biological:R}, ent {entropic:R}, gap {gap:R}");
        });

    public static TheoryData<double, double> RhoAndLogRatio()
    {
        var data = new TheoryData<double, double>();
        foreach (double rho in new[] { 1e-12, 1e-6, 1e-3, 0.5, 2.0 / 3, 2, 10 })
        {
            foreach (double u in new[] { -35.0, -3, -0.7, -1e-3, -1e-9, 1e-12, 1e-6, 0.01, 0.2, 1, 3.5, 4 })
            {
                if (Math.Abs(rho * u) <= 40)
                {
                    data.Add(rho, u);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RhoAndLogRatio))]
    public void Gap_of_log_ratio_matches_a_double_double_reference_to_4_ulps(double rho, double u)
    {
        double reference = (DoubleDouble.ExpM1MinusX((DoubleDouble)rho * u) / rho).Value;
        double g = EntropyBound.GapOfLogRatio(rho, u);
        Assert.True(Math.Abs(g - reference) <= 4 * Math.Abs(reference) * 1.12e-16, $"g = {g:R}, reference {reference:R}");
    }

    [Theory]
    [InlineData(1.0, 1.0 / (1 << 20))]
    [InlineData(1024.0, -3.0 / (1 << 25))]
    [InlineData(1.0 / 1024, 0.25)]
    [InlineData(0.5, -0.28125)]
    [InlineData(4.0, 1.0 / (1L << 40))]
    public void Gap_near_sigma_equal_s_keeps_its_sign_and_leading_digits(double s, double delta)
    {
        double sigma = s * (1 + delta); // exact: s a power of two, delta with few bits
        foreach (double rho in new[] { 1e-12, 1e-3, 0.5, 2, 10 })
        {
            DoubleDouble u = DoubleDouble.NegLog1p(delta);
            double reference = (DoubleDouble.ExpM1MinusX(u * rho) / rho).Value;
            double g = EntropyBound.Gap(rho, s, sigma);
            Assert.True(g > 0, $"g = {g:R} at rho {rho}");
            Assert.True(Math.Abs(g - reference) <= 1e-14 * reference, $"rho {rho}: g = {g:R}, reference {reference:R}");
        }
    }

    [Fact]
    public void Gap_is_zero_exactly_at_sigma_equal_s_and_positive_one_ulp_away()
    {
        foreach (double s in new[] { 1e-12, 1e-3, 1, 7.5, 1e12 })
        {
            Assert.Equal(0.0, EntropyBound.Gap(2, s, s));
            Assert.True(EntropyBound.Gap(2, s, Math.BitIncrement(s)) > 0);
            Assert.True(EntropyBound.Gap(1e-12, s, Math.BitDecrement(s)) > 0);
        }
    }

    [Theory]
    [InlineData(10.0, 1e-3, 1e-34, true)]
    [InlineData(10.0, 1e-3, 1.3e-34, false)]
    [InlineData(10.0, 1e-3, 1e-35, true)]
    [InlineData(10.0, 1e12, 1e-300, true)]
    [InlineData(1e-12, 1e12, 1e-300, false)]
    [InlineData(10.0, 1e-12, 1e300, false)]
    public void Extremes_give_infinity_only_where_the_true_gap_exceeds_the_double_range(double rho, double s, double sigma, bool overflows)
    {
        double g = EntropyBound.Gap(rho, s, sigma);
        double log = EntropyBound.LogGap(rho, s, sigma);
        // ln of the true gap: rho u - ln rho to within e^-(rho u) when rho u is large.
        Assert.True(double.IsFinite(log));
        Assert.Equal(overflows, double.IsPositiveInfinity(g));
        Assert.Equal(overflows, log > Math.Log(double.MaxValue));
        if (!overflows)
        {
            Assert.Equal(1.0, Math.Log(g) / log, 12);
        }
    }

    [Fact]
    public void Constant_and_entropy_reproduce_the_gap()
    {
        const double rho = 0.7, s = 3e-3, sigma = 0.02;
        double biological = Theory.Analytic.ReliabilityCost.Value(rho, s, 1, sigma) + EntropyBound.Constant(rho, s);
        Assert.Equal(EntropyBound.Gap(rho, s, sigma), biological - (-EntropyBound.Entropy(sigma)), 12);
        Assert.Equal(0.5 * Math.Log(2 * Math.PI * Math.E * sigma * sigma), EntropyBound.Entropy(sigma), 14);
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo12), MemberType = typeof(KernelLengths))]
    public void Vectorised_gaps_equal_the_scalar_gap_bit_for_bit(int n)
    {
        var rng = new Theory.Stats.Xoshiro256((ulong)n + 3);
        foreach (double rho in new[] { 1e-12, 0.5, 10, 1e20, 1e300 })
        {
            foreach (double s in new[] { 1e-12, 1e-3, 1e12 })
            {
                // Every 5th sigma near s, every 7th subnormal (the vector log cannot read it: the scalar path takes over).
                double[] sigma = [.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? s * (1 + 1e-3 * rng.NextGaussian())
                    : i % 7 == 3 ? Math.Exp(-710 - 34 * rng.NextDouble()) : Math.Exp(-690 + 1380 * rng.NextDouble()))];
                var vector = new double[n];
                var scalar = new double[n];
                EntropyBound.Gaps(rho, s, sigma, vector);
                EntropyBound.GapsScalar(rho, s, sigma, scalar);
                Assert.Equal(scalar, vector);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(EntropyBound.Gap(rho, s, sigma[i]), vector[i]);
                }
            }
        }
    }

    [Fact]
    public void Gap_at_a_subnormal_sigma_matches_its_closed_form()
    {
        // g = (1/rho)(s/sigma)^rho - 1/rho + ln(sigma/s); at rho = 1e-3, s = 1 it stays in range down to sigma = 4.9e-324.
        foreach (double sigma in new[] { double.Epsilon, 1e-320, 2e-310 })
        {
            double u = -Math.Log(sigma); // ln(s/sigma); 1/sigma itself would overflow
            double expected = (Math.Exp(1e-3 * u) - 1) / 1e-3 - u;
            Assert.Equal(1.0, EntropyBound.Gap(1e-3, 1, sigma) / expected, 12);
            Assert.Equal(Math.Log(expected), EntropyBound.LogGap(1e-3, 1, sigma), 11);
        }
    }

    [Fact]
    public void Invalid_inputs_are_named_and_the_span_evaluator_passes_nan_through()
    {
        Assert.Equal("rho", Assert.Throws<ArgumentException>(() => EntropyBound.Gap(0, 1, 1)).ParamName);
        Assert.Equal("s", Assert.Throws<ArgumentException>(() => EntropyBound.Gap(1, double.NaN, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => EntropyBound.Gap(1, 1, double.PositiveInfinity)).ParamName);
        var gap = new double[5];
        EntropyBound.Gaps(1, 1, [1, double.NaN, -1, 0, 2], gap);
        Assert.Equal(0.0, gap[0]);
        Assert.True(double.IsNaN(gap[1]) && double.IsNaN(gap[2]) && double.IsNaN(gap[3]));
        Assert.Equal(EntropyBound.Gap(1, 1, 2), gap[4]);
        Assert.Throws<ArgumentException>(() => EntropyBound.Gaps(1, 1, [1.0, 2.0], new double[1]));
    }

    [Fact]
    public void Grid_scan_finds_no_violation_and_equality_only_at_sigma_equal_s()
    {
        var result = GapScan.Run(new GapScan.Grid(RhoCount: 20, SCount: 10, SigmaCount: 200));
        Assert.Equal(40_000, result.Points);
        Assert.Equal(0, result.Violations);
        Assert.Equal(0, result.MonotoneViolations);
        Assert.True(result.MaxRelativeDistanceAtTinyGap < 1e-5, $"{result.MaxRelativeDistanceAtTinyGap}");
        Assert.True(result.MaxGapPerRho[0] < result.MaxGapPerRho[^1]);
        for (int i = 1; i < result.Rhos.Length; i++)
        {
            Assert.True(result.MaxLogGapPerRho[i] >= result.MaxLogGapPerRho[i - 1]);
        }

        var scalar = GapScan.Run(new GapScan.Grid(RhoCount: 20, SCount: 10, SigmaCount: 200), vectorised: false);
        Assert.Equal(result.MaxGapPerRho, scalar.MaxGapPerRho);
        Assert.Equal(result.MinGap, scalar.MinGap);
    }

    [Fact]
    public void A_rho_u_that_overflows_to_infinity_gives_an_infinite_gap_and_log_gap_not_nan()
    {
        // rho 1e308 and ln(s/sigma) = ln 1e5: rho u is +infinity, where (1 + y) e^-y would be infinity times 0.
        Assert.Equal(double.PositiveInfinity, EntropyBound.Gap(1e308, 1, 1e-5));
        Assert.Equal(double.PositiveInfinity, EntropyBound.LogGap(1e308, 1, 1e-5));
        Assert.Equal(double.PositiveInfinity, EntropyBound.SummedGap(1e308, 1, [1e-5, 1]));
    }
}
