using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Vector512 forms of <see cref="FastMath"/>, in double and in float: the Vector256 forms with the type
/// replaced and nothing else, so that the three paths (scalar, Vector256, Vector512) round alike. Keep the
/// files in step; the tests
/// compare every Vector512 form with the scalar one bit for bit (on CPUs without AVX-512, through .NET's
/// software Vector512, which computes the same IEEE operations element by element).
/// </summary>
internal static partial class FastMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        Vector512<double> t = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Magic));
        Vector512<double> n = t - Vector512.Create(Magic);
        Vector512<double> r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Lo), r);
        Vector512<double> ea0 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0), r, Vector512.Create(1.0));
        Vector512<double> ea1 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 6), r, Vector512.Create(0.5));
        Vector512<double> ea2 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 120), r, Vector512.Create(1.0 / 24));
        Vector512<double> ea3 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5040), r, Vector512.Create(1.0 / 720));
        Vector512<double> ea4 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 362880), r, Vector512.Create(1.0 / 40320));
        Vector512<double> ea5 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 39916800), r, Vector512.Create(1.0 / 3628800));
        Vector512<double> ea6 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 6227020800), r, Vector512.Create(1.0 / 479001600));
        Vector512<double> ex2 = r * r;
        Vector512<double> eb0 = Vector512.FusedMultiplyAdd(ea1, ex2, ea0);
        Vector512<double> eb1 = Vector512.FusedMultiplyAdd(ea3, ex2, ea2);
        Vector512<double> eb2 = Vector512.FusedMultiplyAdd(ea5, ex2, ea4);
        Vector512<double> ex4 = ex2 * ex2;
        Vector512<double> ec0 = Vector512.FusedMultiplyAdd(eb1, ex4, eb0);
        Vector512<double> ec1 = Vector512.FusedMultiplyAdd(ea6, ex4, eb2);
        Vector512<double> ex8 = ex4 * ex4;
        Vector512<double> ed0 = Vector512.FusedMultiplyAdd(ec1, ex8, ec0);
        Vector512<double> p = ed0;

        Vector512<long> bits = Vector512.ShiftLeft(t.AsInt64() - Vector512.Create(BitConverter.DoubleToInt64Bits(Magic)) + Vector512.Create(1023L), 52);
        Vector512<double> result = p * bits.AsDouble();
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-ExpLimit)), Vector512<double>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpLimit)), Vector512.Create(double.PositiveInfinity), result);
    }

    /// <summary>The Vector512 twin of the Vector256 log: normal positive x only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        Vector512<long> bits = x.AsInt64();
        Vector512<double> e = (Vector512.ShiftRightLogical(bits, 52) + Vector512.Create(BitConverter.DoubleToInt64Bits(Magic) - 1023)).AsDouble()
            - Vector512.Create(Magic);
        Vector512<double> m = ((bits & Vector512.Create(0x000FFFFFFFFFFFFFL)) | Vector512.Create(0x3FF0000000000000L)).AsDouble();
        Vector512<double> big = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5), m);
        e = Vector512.ConditionalSelect(big, e + Vector512.Create(1.0), e);
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Hi), Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Lo), LogCore(m - Vector512.Create(1.0))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log1p(Vector512<double> x)
    {
        Vector512<double> big = Vector512.GreaterThan(x, Vector512.Create(Sqrt2 - 1));
        Vector512<double> f = Vector512.ConditionalSelect(big, (x - Vector512.Create(1.0)) * Vector512.Create(0.5), x);
        return Vector512.ConditionalSelect(big, Vector512.Create(Ln2), Vector512<double>.Zero) + LogCore(f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogCore(Vector512<double> f)
    {
        Vector512<double> s = f / (Vector512.Create(2.0) + f);
        Vector512<double> z = s * s;
        Vector512<double> la0 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 5), z, Vector512.Create(1.0 / 3));
        Vector512<double> la1 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 9), z, Vector512.Create(1.0 / 7));
        Vector512<double> la2 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 13), z, Vector512.Create(1.0 / 11));
        Vector512<double> la3 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 17), z, Vector512.Create(1.0 / 15));
        Vector512<double> la4 = Vector512.FusedMultiplyAdd(Vector512.Create(1.0 / 21), z, Vector512.Create(1.0 / 19));
        Vector512<double> la5 = Vector512.Create(1.0 / 23);
        Vector512<double> lx2 = z * z;
        Vector512<double> lb0 = Vector512.FusedMultiplyAdd(la1, lx2, la0);
        Vector512<double> lb1 = Vector512.FusedMultiplyAdd(la3, lx2, la2);
        Vector512<double> lb2 = Vector512.FusedMultiplyAdd(la5, lx2, la4);
        Vector512<double> lx4 = lx2 * lx2;
        Vector512<double> lc0 = Vector512.FusedMultiplyAdd(lb1, lx4, lb0);
        Vector512<double> lx8 = lx4 * lx4;
        Vector512<double> ld0 = Vector512.FusedMultiplyAdd(lb2, lx8, lc0);
        Vector512<double> p = ld0;

        Vector512<double> twoS = s + s;
        return Vector512.FusedMultiplyAdd(twoS * z, p, twoS);
    }

    /// <summary>Vector form of <see cref="Log(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> x)
    {
        Vector512<int> bits = x.AsInt32();
        Vector512<float> e = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(bits, 23) - Vector512.Create(127));
        Vector512<float> m = ((bits & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F800000)).AsSingle();
        Vector512<float> big = Vector512.GreaterThan(m, Vector512.Create(Sqrt2F));
        m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5f), m);
        e = Vector512.ConditionalSelect(big, e + Vector512.Create(1f), e);
        Vector512<float> f = m - Vector512.Create(1f);
        Vector512<float> s = f / (Vector512.Create(2f) + f);
        Vector512<float> z = s * s;
        Vector512<float> p = Vector512.FusedMultiplyAdd(
            Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(1f / 9), z, Vector512.Create(1f / 7)), z, Vector512.Create(1f / 5)),
            z, Vector512.Create(1f / 3));
        Vector512<float> twoS = s + s;
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2HiF),
            Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2LoF), Vector512.FusedMultiplyAdd(twoS * z, p, twoS)));
    }

    /// <summary>Vector form of <see cref="SinCosOfTurn(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Sin, Vector512<float> Cos) SinCosOfTurn(Vector512<float> u)
    {
        Vector512<float> t = u * Vector512.Create(4f);
        Vector512<float> q = Vector512.Floor(t);
        Vector512<float> a = (t - q - Vector512.Create(0.5f)) * Vector512.Create(MathF.PI / 2);
        (Vector512<float> s, Vector512<float> c) = SinCosCore(a);
        Vector512<float> one = Vector512.Equals(q, Vector512.Create(1f));
        Vector512<float> two = Vector512.Equals(q, Vector512.Create(2f));
        Vector512<float> odd = one | Vector512.Equals(q, Vector512.Create(3f));
        Vector512<float> sin = Vector512.ConditionalSelect(odd, c, s);
        Vector512<float> cos = Vector512.ConditionalSelect(odd, s, c);
        sin = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(q, Vector512.Create(2f)), -sin, sin);
        cos = Vector512.ConditionalSelect(one | two, -cos, cos);
        return (sin, cos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Sin, Vector512<float> Cos) SinCosCore(Vector512<float> a)
    {
        static Vector512<float> C(float v) => Vector512.Create(v);
        Vector512<float> z = a * a;
        Vector512<float> ps = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(C(1f / 362880), z, C(-1f / 5040)), z, C(1f / 120)), z, C(-1f / 6));
        Vector512<float> pc = Vector512.FusedMultiplyAdd(
            Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(C(-1f / 3628800), z, C(1f / 40320)), z, C(-1f / 720)), z, C(1f / 24)),
            z, C(-0.5f));
        return (Vector512.FusedMultiplyAdd(a * z, ps, a), Vector512.FusedMultiplyAdd(z, pc, C(1f)));
    }

    /// <summary>Vector form of <see cref="Exp(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        static Vector512<float> C(float v) => Vector512.Create(v);
        Vector512<float> t = Vector512.FusedMultiplyAdd(x, C(Log2EF), C(MagicF));
        Vector512<float> n = t - C(MagicF);
        Vector512<float> r = Vector512.FusedMultiplyAdd(-n, C(Ln2HiF), x);
        r = Vector512.FusedMultiplyAdd(-n, C(Ln2LoF), r);
        Vector512<float> a0 = Vector512.FusedMultiplyAdd(C(1f), r, C(1f));
        Vector512<float> a1 = Vector512.FusedMultiplyAdd(C(1f / 6), r, C(0.5f));
        Vector512<float> a2 = Vector512.FusedMultiplyAdd(C(1f / 120), r, C(1f / 24));
        Vector512<float> a3 = Vector512.FusedMultiplyAdd(C(1f / 5040), r, C(1f / 720));
        Vector512<float> r2 = r * r;
        Vector512<float> b0 = Vector512.FusedMultiplyAdd(a1, r2, a0);
        Vector512<float> b1 = Vector512.FusedMultiplyAdd(a3, r2, a2);
        Vector512<float> p = Vector512.FusedMultiplyAdd(b1, r2 * r2, b0);
        Vector512<int> bits = Vector512.ShiftLeft(t.AsInt32() - Vector512.Create(BitConverter.SingleToInt32Bits(MagicF)) + Vector512.Create(127), 23);
        Vector512<float> result = p * bits.AsSingle();
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, C(ExpLowF)), Vector512<float>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, C(ExpHighF)), C(float.PositiveInfinity), result);
    }
}
