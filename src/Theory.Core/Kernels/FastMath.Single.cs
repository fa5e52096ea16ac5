using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// Single-precision log and turn sincos for the Gaussian sampler's Box-Muller, each written once on
/// Vector256&lt;float&gt; and once on float with the same fused multiply-adds in the same order, so that the
/// scalar and vector paths give the same bits. Accurate to about 1e-7 relative (the series are cut where
/// the next term falls below 2^-24).
/// </summary>
internal static partial class FastMath
{
    private const float Ln2HiF = 0.693145752f; // ln 2 in its high 16 bits: e * Ln2HiF is exact for |e| < 2^8
    private const float Ln2LoF = 1.42860677e-06f;
    private const float Sqrt2F = 1.41421356f;

    /// <summary>ln x for positive, normal, finite x (float). log(1 + f) = 2 atanh(s), s = f/(2+f), series to s^9.</summary>
    public static float Log(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        float e = (bits >>> 23) - 127;
        float m = BitConverter.Int32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000);
        if (m > Sqrt2F)
        {
            m *= 0.5f;
            e += 1f;
        }

        float f = m - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float p = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(1f / 9, z, 1f / 7), z, 1f / 5), z, 1f / 3);
        float twoS = s + s;
        return MathF.FusedMultiplyAdd(e, Ln2HiF, MathF.FusedMultiplyAdd(e, Ln2LoF, MathF.FusedMultiplyAdd(twoS * z, p, twoS)));
    }

    /// <summary>Vector form of <see cref="Log(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> x)
    {
        Vector256<int> bits = x.AsInt32();
        Vector256<float> e = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(bits, 23) - Vector256.Create(127));
        Vector256<float> m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle();
        Vector256<float> big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2F));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
        e = Vector256.ConditionalSelect(big, e + Vector256.Create(1f), e);
        Vector256<float> f = m - Vector256.Create(1f);
        Vector256<float> s = f / (Vector256.Create(2f) + f);
        Vector256<float> z = s * s;
        Vector256<float> p = Vector256.FusedMultiplyAdd(
            Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(1f / 9), z, Vector256.Create(1f / 7)), z, Vector256.Create(1f / 5)),
            z, Vector256.Create(1f / 3));
        Vector256<float> twoS = s + s;
        return Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2HiF),
            Vector256.FusedMultiplyAdd(e, Vector256.Create(Ln2LoF), Vector256.FusedMultiplyAdd(twoS * z, p, twoS)));
    }

    /// <summary>
    /// (sin, cos) of theta = (pi/2) q + (pi/2)(f - 1/2), with 4u = q + f, q = floor(4u): a uniform u in [0, 1)
    /// gives an angle uniform over a full turn, reduced to [-pi/4, pi/4) without any rounding before the last multiply.
    /// </summary>
    public static (float Sin, float Cos) SinCosOfTurn(float u)
    {
        float t = u * 4f;
        float q = MathF.Floor(t);
        float a = (t - q - 0.5f) * (MathF.PI / 2);
        (float s, float c) = SinCosCore(a);
        bool odd = q == 1f || q == 3f;
        float sin = odd ? c : s, cos = odd ? s : c;
        return (q >= 2f ? -sin : sin, q == 1f || q == 2f ? -cos : cos);
    }

    /// <summary>Vector form of <see cref="SinCosOfTurn(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Sin, Vector256<float> Cos) SinCosOfTurn(Vector256<float> u)
    {
        Vector256<float> t = u * Vector256.Create(4f);
        Vector256<float> q = Vector256.Floor(t);
        Vector256<float> a = (t - q - Vector256.Create(0.5f)) * Vector256.Create(MathF.PI / 2);
        (Vector256<float> s, Vector256<float> c) = SinCosCore(a);
        Vector256<float> one = Vector256.Equals(q, Vector256.Create(1f));
        Vector256<float> two = Vector256.Equals(q, Vector256.Create(2f));
        Vector256<float> odd = one | Vector256.Equals(q, Vector256.Create(3f));
        Vector256<float> sin = Vector256.ConditionalSelect(odd, c, s);
        Vector256<float> cos = Vector256.ConditionalSelect(odd, s, c);
        sin = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(q, Vector256.Create(2f)), -sin, sin);
        cos = Vector256.ConditionalSelect(one | two, -cos, cos);
        return (sin, cos);
    }

    // |a| <= pi/4: sin a = a + a z (-1/6 + z/120 - z^2/5040 + z^3/362880), cos a = 1 + z (-1/2 + z/24 - ... - z^4/3628800).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Sin, float Cos) SinCosCore(float a)
    {
        float z = a * a;
        float ps = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(1f / 362880, z, -1f / 5040), z, 1f / 120), z, -1f / 6);
        float pc = MathF.FusedMultiplyAdd(
            MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(-1f / 3628800, z, 1f / 40320), z, -1f / 720), z, 1f / 24), z, -0.5f);
        return (MathF.FusedMultiplyAdd(a * z, ps, a), MathF.FusedMultiplyAdd(z, pc, 1f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Sin, Vector256<float> Cos) SinCosCore(Vector256<float> a)
    {
        static Vector256<float> C(float v) => Vector256.Create(v);
        Vector256<float> z = a * a;
        Vector256<float> ps = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(C(1f / 362880), z, C(-1f / 5040)), z, C(1f / 120)), z, C(-1f / 6));
        Vector256<float> pc = Vector256.FusedMultiplyAdd(
            Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(C(-1f / 3628800), z, C(1f / 40320)), z, C(-1f / 720)), z, C(1f / 24)),
            z, C(-0.5f));
        return (Vector256.FusedMultiplyAdd(a * z, ps, a), Vector256.FusedMultiplyAdd(z, pc, C(1f)));
    }

    private const float Log2EF = 1.44269504f;
    private const float MagicF = 12582912f; // 1.5 * 2^23: adding it rounds to an integer held in the low bits
    private const float ExpLowF = -87.3f; // below: 0 (2^-126 is the smallest normal the exponent bits can carry)
    private const float ExpHighF = 88f; // above: +infinity

    /// <summary>
    /// e^x in float: x = n ln 2 + r, |r| &lt;= ln 2 / 2, e^r by its Taylor series to r^7 (Estrin's scheme; the first
    /// omitted term is below 5e-9 relative), times 2^n from the exponent bits. 0 below -87.3 (no subnormals),
    /// +infinity above 88.
    /// </summary>
    public static float Exp(float x)
    {
        if (x < ExpLowF)
        {
            return 0f;
        }

        if (x > ExpHighF)
        {
            return float.PositiveInfinity;
        }

        float t = MathF.FusedMultiplyAdd(x, Log2EF, MagicF);
        float n = t - MagicF;
        float r = MathF.FusedMultiplyAdd(-n, Ln2HiF, x);
        r = MathF.FusedMultiplyAdd(-n, Ln2LoF, r);
        float a0 = MathF.FusedMultiplyAdd(1f, r, 1f);
        float a1 = MathF.FusedMultiplyAdd(1f / 6, r, 0.5f);
        float a2 = MathF.FusedMultiplyAdd(1f / 120, r, 1f / 24);
        float a3 = MathF.FusedMultiplyAdd(1f / 5040, r, 1f / 720);
        float r2 = r * r;
        float b0 = MathF.FusedMultiplyAdd(a1, r2, a0);
        float b1 = MathF.FusedMultiplyAdd(a3, r2, a2);
        float p = MathF.FusedMultiplyAdd(b1, r2 * r2, b0);
        int bits = (BitConverter.SingleToInt32Bits(t) - BitConverter.SingleToInt32Bits(MagicF) + 127) << 23;
        return p * BitConverter.Int32BitsToSingle(bits);
    }

    /// <summary>Vector form of <see cref="Exp(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        static Vector256<float> C(float v) => Vector256.Create(v);
        Vector256<float> t = Vector256.FusedMultiplyAdd(x, C(Log2EF), C(MagicF));
        Vector256<float> n = t - C(MagicF);
        Vector256<float> r = Vector256.FusedMultiplyAdd(-n, C(Ln2HiF), x);
        r = Vector256.FusedMultiplyAdd(-n, C(Ln2LoF), r);
        Vector256<float> a0 = Vector256.FusedMultiplyAdd(C(1f), r, C(1f));
        Vector256<float> a1 = Vector256.FusedMultiplyAdd(C(1f / 6), r, C(0.5f));
        Vector256<float> a2 = Vector256.FusedMultiplyAdd(C(1f / 120), r, C(1f / 24));
        Vector256<float> a3 = Vector256.FusedMultiplyAdd(C(1f / 5040), r, C(1f / 720));
        Vector256<float> r2 = r * r;
        Vector256<float> b0 = Vector256.FusedMultiplyAdd(a1, r2, a0);
        Vector256<float> b1 = Vector256.FusedMultiplyAdd(a3, r2, a2);
        Vector256<float> p = Vector256.FusedMultiplyAdd(b1, r2 * r2, b0);
        Vector256<int> bits = Vector256.ShiftLeft(t.AsInt32() - Vector256.Create(BitConverter.SingleToInt32Bits(MagicF)) + Vector256.Create(127), 23);
        Vector256<float> result = p * bits.AsSingle();
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, C(ExpLowF)), Vector256<float>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, C(ExpHighF)), C(float.PositiveInfinity), result);
    }
}
