using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// exp, log and log1p for the training kernels (and, in FastMath.Single.cs, a float log and sin/cos for the
/// sampler), each written twice with the same
/// fused multiply-adds in the same order, once on Vector256 and once on scalars, so that the vector and the
/// scalar reference paths give the same bits. On this machine Vector256.Log, Exp and SinCos of .NET 10 cost
/// 3-6 ns per element, which alone would exceed the epoch budget; these cost well under 1 ns.
/// </summary>
/// <remarks>
/// Accuracy (tested against Math.*): a few ulps. Domains: <see cref="Exp(double)"/> returns 0 below -708 and
/// +infinity above 708 (the true value is finite up to 709.78); <see cref="Log(double)"/> takes positive,
/// normal, finite x; <see cref="Log1p(double)"/> takes x in [0, 1].
/// Exp: x = n ln2 + r, |r| &lt;= ln2/2, Taylor series to r^13, scaled by 2^n built in the exponent bits.
/// Log: x = 2^e m with m in [sqrt(1/2), sqrt(2)); log(1+f) = 2 atanh(s) with s = f/(2+f), series in s^2 to s^22.
/// </remarks>
internal static partial class FastMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;
    private const double Magic = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer held in the low bits
    private const double ExpLimit = 708.0;
    /// <summary>2^-1022. The vector logs read the exponent bits, so they need x at least this; the scalar log scales smaller x.</summary>
    public const double SmallestNormal = 2.2250738585072014e-308;
    private const double TwoTo54 = 18014398509481984.0;

    // Polynomials by Estrin's scheme (pairs, then powers x^2, x^4, x^8), which shortens the dependency chain
    // from 13 fused multiply-adds to 5: Horner's chain left the kernels latency-bound.
    // exp: 1/k!, k = 0..13; log(1+f) = 2s + 2s z P(z) with P's coefficients 1/(2k+3), k = 0..10.
    public static double Exp(double x)
    {
        if (x < -ExpLimit)
        {
            return 0.0;
        }

        if (x > ExpLimit)
        {
            return double.PositiveInfinity;
        }

        double t = Math.FusedMultiplyAdd(x, Log2E, Magic);
        double n = t - Magic;
        double r = Math.FusedMultiplyAdd(-n, Ln2Hi, x);
        r = Math.FusedMultiplyAdd(-n, Ln2Lo, r);
        double ea0 = Math.FusedMultiplyAdd(1.0, r, 1.0);
        double ea1 = Math.FusedMultiplyAdd(1.0 / 6, r, 0.5);
        double ea2 = Math.FusedMultiplyAdd(1.0 / 120, r, 1.0 / 24);
        double ea3 = Math.FusedMultiplyAdd(1.0 / 5040, r, 1.0 / 720);
        double ea4 = Math.FusedMultiplyAdd(1.0 / 362880, r, 1.0 / 40320);
        double ea5 = Math.FusedMultiplyAdd(1.0 / 39916800, r, 1.0 / 3628800);
        double ea6 = Math.FusedMultiplyAdd(1.0 / 6227020800, r, 1.0 / 479001600);
        double ex2 = r * r;
        double eb0 = Math.FusedMultiplyAdd(ea1, ex2, ea0);
        double eb1 = Math.FusedMultiplyAdd(ea3, ex2, ea2);
        double eb2 = Math.FusedMultiplyAdd(ea5, ex2, ea4);
        double ex4 = ex2 * ex2;
        double ec0 = Math.FusedMultiplyAdd(eb1, ex4, eb0);
        double ec1 = Math.FusedMultiplyAdd(ea6, ex4, eb2);
        double ex8 = ex4 * ex4;
        double ed0 = Math.FusedMultiplyAdd(ec1, ex8, ec0);
        double p = ed0;

        long bits = (BitConverter.DoubleToInt64Bits(t) - BitConverter.DoubleToInt64Bits(Magic) + 1023) << 52;
        return p * BitConverter.Int64BitsToDouble(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        Vector256<double> t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Magic));
        Vector256<double> n = t - Vector256.Create(Magic);
        Vector256<double> r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Lo), r);
        Vector256<double> ea0 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0), r, Vector256.Create(1.0));
        Vector256<double> ea1 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 6), r, Vector256.Create(0.5));
        Vector256<double> ea2 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 120), r, Vector256.Create(1.0 / 24));
        Vector256<double> ea3 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 5040), r, Vector256.Create(1.0 / 720));
        Vector256<double> ea4 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 362880), r, Vector256.Create(1.0 / 40320));
        Vector256<double> ea5 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 39916800), r, Vector256.Create(1.0 / 3628800));
        Vector256<double> ea6 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 6227020800), r, Vector256.Create(1.0 / 479001600));
        Vector256<double> ex2 = r * r;
        Vector256<double> eb0 = Vector256.FusedMultiplyAdd(ea1, ex2, ea0);
        Vector256<double> eb1 = Vector256.FusedMultiplyAdd(ea3, ex2, ea2);
        Vector256<double> eb2 = Vector256.FusedMultiplyAdd(ea5, ex2, ea4);
        Vector256<double> ex4 = ex2 * ex2;
        Vector256<double> ec0 = Vector256.FusedMultiplyAdd(eb1, ex4, eb0);
        Vector256<double> ec1 = Vector256.FusedMultiplyAdd(ea6, ex4, eb2);
        Vector256<double> ex8 = ex4 * ex4;
        Vector256<double> ed0 = Vector256.FusedMultiplyAdd(ec1, ex8, ec0);
        Vector256<double> p = ed0;

        Vector256<long> bits = Vector256.ShiftLeft(t.AsInt64() - Vector256.Create(BitConverter.DoubleToInt64Bits(Magic)) + Vector256.Create(1023L), 52);
        Vector256<double> result = p * bits.AsDouble();
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-ExpLimit)), Vector256<double>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpLimit)), Vector256.Create(double.PositiveInfinity), result);
    }

    /// <summary>ln x for any positive x, subnormals included.</summary>
    public static double Log(double x)
    {
        if (x < SmallestNormal && x > 0)
        {
            // A subnormal x has no exponent bits to read: scale it into the normal range first.
            return Log(x * TwoTo54) - (54 * Ln2);
        }

        long bits = BitConverter.DoubleToInt64Bits(x);
        double e = BitConverter.Int64BitsToDouble((bits >>> 52) + BitConverter.DoubleToInt64Bits(Magic) - 1023) - Magic;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > Sqrt2)
        {
            m *= 0.5;
            e += 1.0;
        }

        return Math.FusedMultiplyAdd(e, Ln2Hi, Math.FusedMultiplyAdd(e, Ln2Lo, LogCore(m - 1.0)));
    }

    /// <summary>ln x per lane for normal positive x (at least <see cref="SmallestNormal"/>); callers send subnormal lanes to the scalar log.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        Vector256<long> bits = x.AsInt64();
        Vector256<double> e = (Vector256.ShiftRightLogical(bits, 52) + Vector256.Create(BitConverter.DoubleToInt64Bits(Magic) - 1023)).AsDouble()
            - Vector256.Create(Magic);
        Vector256<double> m = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFL)) | Vector256.Create(0x3FF0000000000000L)).AsDouble();
        Vector256<double> big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5), m);
        e = Vector256.ConditionalSelect(big, e + Vector256.Create(1.0), e);
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Hi), Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2Lo), LogCore(m - Vector256.Create(1.0))));
    }

    /// <summary>log(1 + x) for x in [0, 1], accurate for tiny x (no 1 + x is formed).</summary>
    public static double Log1p(double x) =>
        x > Sqrt2 - 1 ? Ln2 + LogCore((x - 1.0) * 0.5) : 0.0 + LogCore(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log1p(Vector256<double> x)
    {
        Vector256<double> big = Vector256.GreaterThan(x, Vector256.Create(Sqrt2 - 1));
        Vector256<double> f = Vector256.ConditionalSelect(big, (x - Vector256.Create(1.0)) * Vector256.Create(0.5), x);
        return Vector256.ConditionalSelect(big, Vector256.Create(Ln2), Vector256<double>.Zero) + LogCore(f);
    }

    /// <summary>log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1], without forming 1 + f.</summary>
    public static double Log1pSmall(double f) => LogCore(f);

    /// <summary>Vector form of <see cref="Log1pSmall(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log1pSmall(Vector256<double> f) => LogCore(f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogCore(double f)
    {
        double s = f / (2.0 + f);
        double z = s * s;
        double la0 = Math.FusedMultiplyAdd(1.0 / 5, z, 1.0 / 3);
        double la1 = Math.FusedMultiplyAdd(1.0 / 9, z, 1.0 / 7);
        double la2 = Math.FusedMultiplyAdd(1.0 / 13, z, 1.0 / 11);
        double la3 = Math.FusedMultiplyAdd(1.0 / 17, z, 1.0 / 15);
        double la4 = Math.FusedMultiplyAdd(1.0 / 21, z, 1.0 / 19);
        double la5 = 1.0 / 23;
        double lx2 = z * z;
        double lb0 = Math.FusedMultiplyAdd(la1, lx2, la0);
        double lb1 = Math.FusedMultiplyAdd(la3, lx2, la2);
        double lb2 = Math.FusedMultiplyAdd(la5, lx2, la4);
        double lx4 = lx2 * lx2;
        double lc0 = Math.FusedMultiplyAdd(lb1, lx4, lb0);
        double lx8 = lx4 * lx4;
        double ld0 = Math.FusedMultiplyAdd(lb2, lx8, lc0);
        double p = ld0;

        double twoS = s + s;
        return Math.FusedMultiplyAdd(twoS * z, p, twoS);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LogCore(Vector256<double> f)
    {
        Vector256<double> s = f / (Vector256.Create(2.0) + f);
        Vector256<double> z = s * s;
        Vector256<double> la0 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 5), z, Vector256.Create(1.0 / 3));
        Vector256<double> la1 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 9), z, Vector256.Create(1.0 / 7));
        Vector256<double> la2 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 13), z, Vector256.Create(1.0 / 11));
        Vector256<double> la3 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 17), z, Vector256.Create(1.0 / 15));
        Vector256<double> la4 = Vector256.FusedMultiplyAdd(Vector256.Create(1.0 / 21), z, Vector256.Create(1.0 / 19));
        Vector256<double> la5 = Vector256.Create(1.0 / 23);
        Vector256<double> lx2 = z * z;
        Vector256<double> lb0 = Vector256.FusedMultiplyAdd(la1, lx2, la0);
        Vector256<double> lb1 = Vector256.FusedMultiplyAdd(la3, lx2, la2);
        Vector256<double> lb2 = Vector256.FusedMultiplyAdd(la5, lx2, la4);
        Vector256<double> lx4 = lx2 * lx2;
        Vector256<double> lc0 = Vector256.FusedMultiplyAdd(lb1, lx4, lb0);
        Vector256<double> lx8 = lx4 * lx4;
        Vector256<double> ld0 = Vector256.FusedMultiplyAdd(lb2, lx8, lc0);
        Vector256<double> p = ld0;

        Vector256<double> twoS = s + s;
        return Vector256.FusedMultiplyAdd(twoS * z, p, twoS);
    }
}
