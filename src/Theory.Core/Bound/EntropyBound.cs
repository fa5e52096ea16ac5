using System.Runtime.Intrinsics;
using Theory.Kernels;

namespace Theory.Bound;

/// <summary>
/// The entropy bound of THEORY.md section 5: the biological reliability cost (1/rho)(s/sigma)^rho bounds the
/// entropic cost -H of N(mu, sigma^2) up to the constant K, with the gap
/// g(sigma; rho, s) = (1/rho)(s/sigma)^rho - 1/rho + ln(sigma/s) &gt;= 0.
/// Proofs: proofs/EntropyBound.v (entropy_bound, gap_nonneg, gap_monotone_rho, gap_limit_rho_0).
/// </summary>
/// <remarks>
/// Evaluation follows the checked recipe of THEORY.md: u = ln(s/sigma), taken as -log1p((sigma - s)/s)
/// when sigma is within 29% of s so that a gap near sigma = s keeps its digits; y = rho u;
/// g = (expm1(y) - y)/rho, by its series (u y / 2) sum_k 2 y^k/(k+2)! when |y| &lt; 2 (wider than the
/// recipe's 1/2, whose direct form lost 16 ulps at |y| = 1/2), else as (e^y - (1 + y))/rho. Where the true
/// gap exceeds the double range (e.g. s = 1e-3, rho = 10, sigma &lt; 1.2e-34) the result is +infinity
/// and <see cref="LogGap"/> stays finite. Accuracy: a few ulps of g against a 28-digit reference over
/// sigma in [1e-300, 1e300], s in [1e-12, 1e12], rho in [1e-12, 10]. The scalar and vector paths use
/// the same operations (<see cref="FastMath"/>) and agree bit for bit.
/// </remarks>
public static class EntropyBound
{
    private const double NearBand = 0.29; // |sigma/s - 1| below this takes the log1p form
    private const double SeriesBand = 2; // |y| below this: the series (the direct form loses ~4 bits near |y| = 1/2)
    private const double OverflowExponent = 700; // y above this: the log form

    // 2/(k+2)! for k = 0 .. 27: sum_k c_k y^k with |y| < 2 truncates below 1e-22 relative.
    private static readonly double[] Series = [.. Enumerable.Range(0, 28).Select(k => 2.0 / Factorial(k + 2))];

    /// <summary>g(sigma; rho, s). Range: rho, s, sigma &gt; 0 and finite. Never negative, never NaN.</summary>
    public static double Gap(double rho, double s, double sigma)
    {
        Validate(rho, s, sigma);
        return GapUnchecked(rho, s, sigma);
    }

    /// <summary>ln g, finite wherever g &gt; 0 even where g itself overflows; -infinity at sigma = s.</summary>
    public static double LogGap(double rho, double s, double sigma)
    {
        Validate(rho, s, sigma);
        double u = LogRatio(s, sigma);
        double y = rho * u;
        if (y > OverflowExponent)
        {
            // g = (e^y - 1 - y)/rho, so ln g = y - ln rho + ln(1 - (1 + y) e^-y). Above y = 700, (1 + y) e^-y is below
            // 1e-300 and 1 minus it rounds to 1: ln g is y - ln rho exactly in double. Past rho u of about 1.8e308 even
            // ln g leaves the double range: +infinity, never NaN.
            return y - Math.Log(rho);
        }

        return Math.Log(GapOfLogRatio(rho, u));
    }

    /// <summary>K(rho, s) = -1/rho - ln s - (1/2) ln(2 pi e): C_ent(sigma) &lt;= (1/rho)(s/sigma)^rho + K.</summary>
    public static double Constant(double rho, double s)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        return -1 / rho - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI * Math.E);
    }

    /// <summary>Entropy of N(mu, sigma^2): (1/2) ln(2 pi e sigma^2).</summary>
    public static double Entropy(double sigma)
    {
        Guard.PositiveFinite(sigma, nameof(sigma));
        return 0.5 * Math.Log(2 * Math.PI * Math.E) + Math.Log(sigma);
    }

    /// <summary>Sum of the gaps over synapses: the biological bound minus the entropic cost, summed.</summary>
    public static double SummedGap(double rho, double s, ReadOnlySpan<double> sigmas)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        double total = 0;
        for (int i = 0; i < sigmas.Length; i++)
        {
            Guard.PositiveFinite(sigmas[i], nameof(sigmas));
            total += GapUnchecked(rho, s, sigmas[i]);
        }

        return total;
    }

    /// <summary>
    /// g for every sigma of a span (fixed rho and s), vectorised; equal bit for bit to <see cref="Gap"/>.
    /// Inputs are not validated: NaN and non-positive sigma give NaN.
    /// </summary>
    public static void Gaps(double rho, double s, ReadOnlySpan<double> sigma, Span<double> gap)
    {
        if (gap.Length < sigma.Length)
        {
            throw new ArgumentException("destination is shorter than the source.", nameof(gap));
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            i = Gaps256(rho, s, sigma, gap);
        }

        GapsScalar(rho, s, sigma, gap, i);
    }

    /// <summary>Scalar reference of <see cref="Gaps"/>.</summary>
    public static void GapsScalar(double rho, double s, ReadOnlySpan<double> sigma, Span<double> gap, int start = 0)
    {
        for (int i = start; i < sigma.Length; i++)
        {
            gap[i] = sigma[i] > 0 && double.IsFinite(sigma[i]) ? GapUnchecked(rho, s, sigma[i]) : double.NaN;
        }
    }

    internal static double GapUnchecked(double rho, double s, double sigma)
    {
        double u = LogRatio(s, sigma);
        if (rho * u > OverflowExponent)
        {
            // e^(ln g), ln g as in LogGap; +infinity once ln g passes about 709.78 (and when rho u itself overflows).
            return Math.Exp(rho * u - Math.Log(rho));
        }

        return GapOfLogRatio(rho, u);
    }

    /// <summary>u = ln(s/sigma), by log1p near sigma = s.</summary>
    internal static double LogRatio(double s, double sigma)
    {
        double f = (sigma - s) / s;
        return Math.Abs(f) < NearBand ? -FastMath.Log1pSmall(f) : FastMath.Log(s) - FastMath.Log(sigma);
    }

    /// <summary>(expm1(rho u) - rho u)/rho for rho u &lt;= 700.</summary>
    internal static double GapOfLogRatio(double rho, double u)
    {
        double y = rho * u;
        if (Math.Abs(y) < SeriesBand)
        {
            double p = Series[^1];
            for (int k = Series.Length - 2; k >= 0; k--)
            {
                p = Math.FusedMultiplyAdd(p, y, Series[k]);
            }

            return u * y * 0.5 * p;
        }

        // For y < 0, g = (e^y - 1)/rho - u: forming 1 + y and dividing rho u by rho again would lose u's last bit,
        // which at rho above about 1e16 (1/rho below u's rounding) made g step down as rho grew.
        return y < 0 ? ((FastMath.Exp(y) - 1.0) / rho) - u : (FastMath.Exp(y) - (1.0 + y)) / rho;
    }

    private static int Gaps256(double rho, double s, ReadOnlySpan<double> sigma, Span<double> gap)
    {
        var sV = Vector256.Create(s);
        var rhoV = Vector256.Create(rho);
        var logS = Vector256.Create(FastMath.Log(s));
        var band = Vector256.Create(NearBand);
        var half = Vector256.Create(SeriesBand);
        var one = Vector256.Create(1.0);
        int i = 0;
        for (; i + 4 <= sigma.Length; i += 4)
        {
            var x = Vector256.Create(sigma.Slice(i, 4));
            Vector256<double> f = (x - sV) / sV;
            Vector256<double> near = Vector256.LessThan(Vector256.Abs(f), band);
            // Lanes of one kind only evaluate that kind's formula on valid input; the other is masked away.
            Vector256<double> safeNear = Vector256.ConditionalSelect(near, f, Vector256<double>.Zero);
            Vector256<double> safeFar = Vector256.ConditionalSelect(near, sV, x);
            Vector256<double> u = Vector256.ConditionalSelect(near, -FastMath.Log1pSmall(safeNear), logS - FastMath.Log(safeFar));
            Vector256<double> y = rhoV * u;
            Vector256<double> small = Vector256.LessThan(Vector256.Abs(y), half);
            Vector256<double> p = Vector256.Create(Series[^1]);
            for (int k = Series.Length - 2; k >= 0; k--)
            {
                p = Vector256.FusedMultiplyAdd(p, y, Vector256.Create(Series[k]));
            }

            Vector256<double> series = u * y * Vector256.Create(0.5) * p;
            Vector256<double> ey = FastMath.Exp(y);
            Vector256<double> direct = Vector256.ConditionalSelect(
                Vector256.LessThan(y, Vector256<double>.Zero), ((ey - one) / rhoV) - u, (ey - (one + y)) / rhoV);
            Vector256.ConditionalSelect(small, series, direct).CopyTo(gap.Slice(i));

            // Rare lanes (overflowing exponent, invalid sigma, or a subnormal one, which the vector log cannot read) take the scalar path.
            Vector256<double> valid = Vector256.GreaterThanOrEqual(x, Vector256.Create(FastMath.SmallestNormal)) & Vector256.LessThan(x, Vector256.Create(double.PositiveInfinity));
            if (Vector256.GreaterThanAny(y, Vector256.Create(OverflowExponent)) || !Vector256.EqualsAll(valid.AsUInt64(), Vector256<ulong>.AllBitsSet))
            {
                GapsScalar(rho, s, sigma.Slice(i, 4), gap.Slice(i, 4));
            }
        }

        return i;
    }

    private static void Validate(double rho, double s, double sigma)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(sigma, nameof(sigma));
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
