using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Vector512 bodies of <see cref="PlasticityKernels"/>: the Vector256 bodies with one vector of eight partial
/// sums where those hold two of four, and nothing else changed, so that every path rounds alike. Keep the files in
/// step; the tests compare each body with the scalar reference bit for bit.
/// </summary>
public static partial class PlasticityKernels
{
    internal static double Dot512(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Vector512<double> a = Vector512<double>.Zero;
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            a = Vector512.FusedMultiplyAdd(Simd.Load512(x, i), Simd.Load512(y, i), a);
        }

        double sum = Reduce(a);
        for (; i < x.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        }

        return sum;
    }

    internal static int ColumnTerms512(ReadOnlySpan<double> x, ReadOnlySpan<double> x2, Span<double> w, ReadOnlySpan<double> coefficients, double eta, double bound,
        Span<double> products, Span<double> gyEta, Span<double> gwEta, ref bool ok)
    {
        int n = x.Length, i = 0;
        ReadOnlySpan<double> c = coefficients;
        static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> s) => Vector512.FusedMultiplyAdd(a, b, s);
        static Vector512<double> C(double v) => Vector512.Create(v);
        Vector512<double> e = C(eta), limit = C(bound), within = Vector512<double>.AllBitsSet;
        for (; i + Vector512<double>.Count <= n; i += Vector512<double>.Count)
        {
            Vector512<double> w1 = Simd.Load512((ReadOnlySpan<double>)w, i), xi = Simd.Load512(x, i), xx = Simd.Load512(x2, i);
            Vector512<double> w2 = w1 * w1, xw1 = xi * w1, xw2 = xi * w2, x2w1 = xx * w1, x2w2 = xx * w2;
            Simd.Store512(w1, products, i);
            Simd.Store512(w2, products, n + i);
            Simd.Store512(xw1, products, (2 * n) + i);
            Simd.Store512(xw2, products, (3 * n) + i);
            Simd.Store512(x2w1, products, (4 * n) + i);
            Simd.Store512(x2w2, products, (5 * n) + i);
            Vector512<double> change = Fma(C(c[1]), w1, C(c[0]));
            change = Fma(C(c[2]), w2, change);
            change = Fma(C(c[3]), xi, change);
            change = Fma(C(c[4]), xw1, change);
            change = Fma(C(c[5]), xw2, change);
            change = Fma(C(c[6]), xx, change);
            change = Fma(C(c[7]), x2w1, change);
            change = Fma(C(c[8]), x2w2, change);
            Vector512<double> gy = Fma(C(c[10]), w1, C(c[9]));
            gy = Fma(C(c[11]), w2, gy);
            gy = Fma(C(c[12]), xi, gy);
            gy = Fma(C(c[13]), xw1, gy);
            gy = Fma(C(c[14]), xw2, gy);
            gy = Fma(C(c[15]), xx, gy);
            gy = Fma(C(c[16]), x2w1, gy);
            gy = Fma(C(c[17]), x2w2, gy);
            Vector512<double> gw = Fma(C(2 * c[2]), w1, C(c[1]));
            gw = Fma(C(c[4]), xi, gw);
            gw = Fma(C(2 * c[5]), xw1, gw);
            gw = Fma(C(c[7]), xx, gw);
            gw = Fma(C(2 * c[8]), x2w1, gw);
            Simd.Store512(gy * e, gyEta, i);
            Simd.Store512(gw * e, gwEta, i);
            Vector512<double> next = Fma(e, change, w1);
            within &= Vector512.LessThanOrEqual(Vector512.Abs(next), limit);
            Simd.Store512(next, w, i);
        }

        ok &= Vector512.EqualsAll(within.AsUInt64(), Vector512<ulong>.AllBitsSet);
        return i;
    }

    internal static double SensitivityStep512(Span<double> s, ReadOnlySpan<double> phi, double phiScale, ReadOnlySpan<double> gyEta, double dy, ReadOnlySpan<double> gwEta,
        ReadOnlySpan<double> xNext)
    {
        Vector512<double> a = Vector512<double>.Zero, scale = Vector512.Create(phiScale), d = Vector512.Create(dy);
        int i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            Vector512<double> v = Simd.Load512((ReadOnlySpan<double>)s, i);
            v = Vector512.FusedMultiplyAdd(Simd.Load512(gwEta, i), v, v);
            v = Vector512.FusedMultiplyAdd(Simd.Load512(phi, i), scale, v);
            v = Vector512.FusedMultiplyAdd(Simd.Load512(gyEta, i), d, v);
            Simd.Store512(v, s, i);
            a = Vector512.FusedMultiplyAdd(Simd.Load512(xNext, i), v, a);
        }

        double sum = Reduce(a);
        for (; i < s.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(xNext[i], Step(s, phi, phiScale, gyEta, dy, gwEta, i), sum);
        }

        return sum;
    }
}
