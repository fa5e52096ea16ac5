using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// Kernels of the plastic network (THEORY.md section 13), one output unit j at a time: its weights w_i = W_ij over
/// the inputs i are a contiguous column, and so is each sensitivity S[:, j, q] (13.6). Units do not interact, so a
/// fit runs only the observed ones.
/// </summary>
/// <remarks>
/// Every path rounds alike. The element-wise work is the same fused multiply-adds in the same order on each path;
/// the two reductions (<see cref="Dot"/> and the one in <see cref="SensitivityStep"/>) keep eight partial sums,
/// partial k taking the elements i = k mod 8 of the full blocks of eight, added in one fixed tree, then the tail in
/// order. The Vector512 body holds the eight in one vector, the Vector256 body in two, the scalar body in eight
/// locals: the same bits on AVX-512, AVX2 and none.
/// </remarks>
public static partial class PlasticityKernels
{
    /// <summary>Length of the per-column products buffer of <see cref="ColumnTerms"/>: w, w^2, x w, x w^2, x^2 w, x^2 w^2.</summary>
    public const int ProductCount = 6;

    /// <summary>Coefficients of <see cref="ColumnTerms"/> for one unit and step: E_ac and F_ac, row-major over (a, c).</summary>
    public const int CoefficientCount = 18;

    /// <summary>sum_i x_i y_i with the fixed eight-way order of the remarks.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Simd.RequireLength(x.Length, "x, y", y.Length);
        return Vector512.IsHardwareAccelerated ? Dot512(x, y) : Vector256.IsHardwareAccelerated ? Dot256(x, y) : DotScalar(x, y);
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static double DotScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            a0 = Math.FusedMultiplyAdd(x[i], y[i], a0);
            a1 = Math.FusedMultiplyAdd(x[i + 1], y[i + 1], a1);
            a2 = Math.FusedMultiplyAdd(x[i + 2], y[i + 2], a2);
            a3 = Math.FusedMultiplyAdd(x[i + 3], y[i + 3], a3);
            a4 = Math.FusedMultiplyAdd(x[i + 4], y[i + 4], a4);
            a5 = Math.FusedMultiplyAdd(x[i + 5], y[i + 5], a5);
            a6 = Math.FusedMultiplyAdd(x[i + 6], y[i + 6], a6);
            a7 = Math.FusedMultiplyAdd(x[i + 7], y[i + 7], a7);
        }

        double sum = Reduce(a0, a1, a2, a3, a4, a5, a6, a7);
        for (; i < x.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        }

        return sum;
    }

    internal static double Dot256(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            lo = Vector256.FusedMultiplyAdd(Simd.Load256(x, i), Simd.Load256(y, i), lo);
            hi = Vector256.FusedMultiplyAdd(Simd.Load256(x, i + 4), Simd.Load256(y, i + 4), hi);
        }

        double sum = Reduce(lo, hi);
        for (; i < x.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(x[i], y[i], sum);
        }

        return sum;
    }

    /// <summary>
    /// One unit's rule at one step, element-wise over the inputs i: from x_i, x_i^2 and w_i = W_t,ij, writes the
    /// products (w, w^2, x w, x w^2, x^2 w, x^2 w^2, each a block of n in <paramref name="products"/>), eta G^y_ij and
    /// eta G^w_ij of (13.6), and replaces w by W_(t+1),ij = w + eta dW_ij (13.3). With the unit's y_j folded into
    /// <paramref name="coefficients"/> (E_ac = sum_b theta_abc y^b, F_ac = sum_b b theta_abc y^(b-1)):
    /// dW = sum_ac E_ac x^a w^c, G^y = sum_ac F_ac x^a w^c, G^w = sum_a x^a (E_a1 + 2 E_a2 w).
    /// Returns false if a new weight is past <paramref name="bound"/> or not finite.
    /// </summary>
    public static bool ColumnTerms(ReadOnlySpan<double> x, ReadOnlySpan<double> x2, Span<double> w, ReadOnlySpan<double> coefficients, double eta, double bound,
        Span<double> products, Span<double> gyEta, Span<double> gwEta)
    {
        int n = x.Length;
        Simd.RequireLength(n, "x, x2, w, gyEta, gwEta", x2.Length, w.Length, gyEta.Length, gwEta.Length);
        Simd.RequireLength(ProductCount * n, "products", products.Length);
        Simd.RequireLength(CoefficientCount, "coefficients", coefficients.Length);
        bool ok = true;
        int i = Vector512.IsHardwareAccelerated ? ColumnTerms512(x, x2, w, coefficients, eta, bound, products, gyEta, gwEta, ref ok)
            : Vector256.IsHardwareAccelerated ? ColumnTerms256(x, x2, w, coefficients, eta, bound, products, gyEta, gwEta, ref ok) : 0;
        return ColumnTermsScalar(x, x2, w, coefficients, eta, bound, products, gyEta, gwEta, i) && ok;
    }

    /// <summary>Scalar reference of <see cref="ColumnTerms"/> from element <paramref name="start"/> on.</summary>
    public static bool ColumnTermsScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> x2, Span<double> w, ReadOnlySpan<double> coefficients, double eta, double bound,
        Span<double> products, Span<double> gyEta, Span<double> gwEta, int start = 0)
    {
        int n = x.Length;
        ReadOnlySpan<double> c = coefficients;
        bool ok = true;
        for (int i = start; i < n; i++)
        {
            double w1 = w[i], xi = x[i], xx = x2[i];
            double w2 = w1 * w1, xw1 = xi * w1, xw2 = xi * w2, x2w1 = xx * w1, x2w2 = xx * w2;
            products[i] = w1;
            products[n + i] = w2;
            products[(2 * n) + i] = xw1;
            products[(3 * n) + i] = xw2;
            products[(4 * n) + i] = x2w1;
            products[(5 * n) + i] = x2w2;

            // E and F row-major over (a, c): index 3a + c; F follows E at 9.
            double change = Math.FusedMultiplyAdd(c[1], w1, c[0]);
            change = Math.FusedMultiplyAdd(c[2], w2, change);
            change = Math.FusedMultiplyAdd(c[3], xi, change);
            change = Math.FusedMultiplyAdd(c[4], xw1, change);
            change = Math.FusedMultiplyAdd(c[5], xw2, change);
            change = Math.FusedMultiplyAdd(c[6], xx, change);
            change = Math.FusedMultiplyAdd(c[7], x2w1, change);
            change = Math.FusedMultiplyAdd(c[8], x2w2, change);
            double gy = Math.FusedMultiplyAdd(c[10], w1, c[9]);
            gy = Math.FusedMultiplyAdd(c[11], w2, gy);
            gy = Math.FusedMultiplyAdd(c[12], xi, gy);
            gy = Math.FusedMultiplyAdd(c[13], xw1, gy);
            gy = Math.FusedMultiplyAdd(c[14], xw2, gy);
            gy = Math.FusedMultiplyAdd(c[15], xx, gy);
            gy = Math.FusedMultiplyAdd(c[16], x2w1, gy);
            gy = Math.FusedMultiplyAdd(c[17], x2w2, gy);
            double gw = Math.FusedMultiplyAdd(2 * c[2], w1, c[1]);
            gw = Math.FusedMultiplyAdd(c[4], xi, gw);
            gw = Math.FusedMultiplyAdd(2 * c[5], xw1, gw);
            gw = Math.FusedMultiplyAdd(c[7], xx, gw);
            gw = Math.FusedMultiplyAdd(2 * c[8], x2w1, gw);
            gyEta[i] = gy * eta;
            gwEta[i] = gw * eta;
            double next = Math.FusedMultiplyAdd(eta, change, w1);
            ok &= Math.Abs(next) <= bound;
            w[i] = next;
        }

        return ok;
    }

    internal static int ColumnTerms256(ReadOnlySpan<double> x, ReadOnlySpan<double> x2, Span<double> w, ReadOnlySpan<double> coefficients, double eta, double bound,
        Span<double> products, Span<double> gyEta, Span<double> gwEta, ref bool ok)
    {
        int n = x.Length, i = 0;
        ReadOnlySpan<double> c = coefficients;
        static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> s) => Vector256.FusedMultiplyAdd(a, b, s);
        static Vector256<double> C(double v) => Vector256.Create(v);
        Vector256<double> e = C(eta), limit = C(bound), within = Vector256<double>.AllBitsSet;
        for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count)
        {
            Vector256<double> w1 = Simd.Load256((ReadOnlySpan<double>)w, i), xi = Simd.Load256(x, i), xx = Simd.Load256(x2, i);
            Vector256<double> w2 = w1 * w1, xw1 = xi * w1, xw2 = xi * w2, x2w1 = xx * w1, x2w2 = xx * w2;
            Simd.Store256(w1, products, i);
            Simd.Store256(w2, products, n + i);
            Simd.Store256(xw1, products, (2 * n) + i);
            Simd.Store256(xw2, products, (3 * n) + i);
            Simd.Store256(x2w1, products, (4 * n) + i);
            Simd.Store256(x2w2, products, (5 * n) + i);
            Vector256<double> change = Fma(C(c[1]), w1, C(c[0]));
            change = Fma(C(c[2]), w2, change);
            change = Fma(C(c[3]), xi, change);
            change = Fma(C(c[4]), xw1, change);
            change = Fma(C(c[5]), xw2, change);
            change = Fma(C(c[6]), xx, change);
            change = Fma(C(c[7]), x2w1, change);
            change = Fma(C(c[8]), x2w2, change);
            Vector256<double> gy = Fma(C(c[10]), w1, C(c[9]));
            gy = Fma(C(c[11]), w2, gy);
            gy = Fma(C(c[12]), xi, gy);
            gy = Fma(C(c[13]), xw1, gy);
            gy = Fma(C(c[14]), xw2, gy);
            gy = Fma(C(c[15]), xx, gy);
            gy = Fma(C(c[16]), x2w1, gy);
            gy = Fma(C(c[17]), x2w2, gy);
            Vector256<double> gw = Fma(C(2 * c[2]), w1, C(c[1]));
            gw = Fma(C(c[4]), xi, gw);
            gw = Fma(C(2 * c[5]), xw1, gw);
            gw = Fma(C(c[7]), xx, gw);
            gw = Fma(C(2 * c[8]), x2w1, gw);
            Simd.Store256(gy * e, gyEta, i);
            Simd.Store256(gw * e, gwEta, i);
            Vector256<double> next = Fma(e, change, w1);
            within &= Vector256.LessThanOrEqual(Vector256.Abs(next), limit);
            Simd.Store256(next, w, i);
        }

        ok &= Vector256.EqualsAll(within.AsUInt64(), Vector256<ulong>.AllBitsSet);
        return i;
    }

    /// <summary>
    /// One step of (13.6) for one unit and one free term q, in place over the inputs i, fused with the next step's
    /// reduction: S_i += eta phi_i + eta G^y_i dy_q + eta G^w_i S_i, written as s = fma(gwEta, s, s),
    /// s = fma(phi, phiScale, s), s = fma(gyEta, dy, s), with phi_i = x_i^a w_i^c (<paramref name="phi"/>) and
    /// phiScale = eta y^b; returns sum_i xNext_i S_i (the next step's x_(t+1) S_(t+1) of 13.5) in the fixed order.
    /// </summary>
    public static double SensitivityStep(Span<double> s, ReadOnlySpan<double> phi, double phiScale, ReadOnlySpan<double> gyEta, double dy, ReadOnlySpan<double> gwEta,
        ReadOnlySpan<double> xNext)
    {
        Simd.RequireLength(s.Length, "s, phi, gyEta, gwEta, xNext", phi.Length, gyEta.Length, gwEta.Length, xNext.Length);
        return Vector512.IsHardwareAccelerated ? SensitivityStep512(s, phi, phiScale, gyEta, dy, gwEta, xNext)
            : Vector256.IsHardwareAccelerated ? SensitivityStep256(s, phi, phiScale, gyEta, dy, gwEta, xNext) : SensitivityStepScalar(s, phi, phiScale, gyEta, dy, gwEta, xNext);
    }

    /// <summary>Scalar reference of <see cref="SensitivityStep"/>.</summary>
    public static double SensitivityStepScalar(Span<double> s, ReadOnlySpan<double> phi, double phiScale, ReadOnlySpan<double> gyEta, double dy, ReadOnlySpan<double> gwEta,
        ReadOnlySpan<double> xNext)
    {
        Span<double> a = stackalloc double[8];
        a.Clear();
        int i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            for (int k = 0; k < 8; k++)
            {
                a[k] = Math.FusedMultiplyAdd(xNext[i + k], Step(s, phi, phiScale, gyEta, dy, gwEta, i + k), a[k]);
            }
        }

        double sum = Reduce(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        for (; i < s.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(xNext[i], Step(s, phi, phiScale, gyEta, dy, gwEta, i), sum);
        }

        return sum;
    }

    internal static double SensitivityStep256(Span<double> s, ReadOnlySpan<double> phi, double phiScale, ReadOnlySpan<double> gyEta, double dy, ReadOnlySpan<double> gwEta,
        ReadOnlySpan<double> xNext)
    {
        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero, scale = Vector256.Create(phiScale), d = Vector256.Create(dy);
        int i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            Vector256<double> v = Simd.Load256((ReadOnlySpan<double>)s, i);
            v = Vector256.FusedMultiplyAdd(Simd.Load256(gwEta, i), v, v);
            v = Vector256.FusedMultiplyAdd(Simd.Load256(phi, i), scale, v);
            v = Vector256.FusedMultiplyAdd(Simd.Load256(gyEta, i), d, v);
            Simd.Store256(v, s, i);
            lo = Vector256.FusedMultiplyAdd(Simd.Load256(xNext, i), v, lo);
            Vector256<double> u = Simd.Load256((ReadOnlySpan<double>)s, i + 4);
            u = Vector256.FusedMultiplyAdd(Simd.Load256(gwEta, i + 4), u, u);
            u = Vector256.FusedMultiplyAdd(Simd.Load256(phi, i + 4), scale, u);
            u = Vector256.FusedMultiplyAdd(Simd.Load256(gyEta, i + 4), d, u);
            Simd.Store256(u, s, i + 4);
            hi = Vector256.FusedMultiplyAdd(Simd.Load256(xNext, i + 4), u, hi);
        }

        double sum = Reduce(lo, hi);
        for (; i < s.Length; i++)
        {
            sum = Math.FusedMultiplyAdd(xNext[i], Step(s, phi, phiScale, gyEta, dy, gwEta, i), sum);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Step(Span<double> s, ReadOnlySpan<double> phi, double phiScale, ReadOnlySpan<double> gyEta, double dy, ReadOnlySpan<double> gwEta, int i)
    {
        double v = s[i];
        v = Math.FusedMultiplyAdd(gwEta[i], v, v);
        v = Math.FusedMultiplyAdd(phi[i], phiScale, v);
        v = Math.FusedMultiplyAdd(gyEta[i], dy, v);
        s[i] = v;
        return v;
    }

    // The fixed tree over the eight partial sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduce(double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7) => ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduce(Vector256<double> lo, Vector256<double> hi)
    {
        Vector256<double> pair = lo + hi; // (a0 + a4, a1 + a5, a2 + a6, a3 + a7)
        return (pair.GetElement(0) + pair.GetElement(2)) + (pair.GetElement(1) + pair.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reduce(Vector512<double> a)
    {
        Vector256<double> pair = a.GetLower() + a.GetUpper();
        return (pair.GetElement(0) + pair.GetElement(2)) + (pair.GetElement(1) + pair.GetElement(3));
    }
}
