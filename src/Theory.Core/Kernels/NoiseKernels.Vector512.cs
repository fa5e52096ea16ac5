using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Vector512 bodies of <see cref="NoiseKernels"/>: the Vector256 bodies with the type replaced and nothing
/// else, so that every path rounds alike. Keep the two files in step; the tests compare each Vector512 body
/// with the scalar reference bit for bit (on CPUs without AVX-512, through .NET's software Vector512).
/// </summary>
public static partial class NoiseKernels
{
    /// <summary>The Vector512 body of <see cref="Softplus"/>; returns where the scalar tail starts.</summary>
    internal static int Softplus512(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope, Span<double> logSigma)
    {
        int i = 0;
        var limit = Vector512.Create(SeriesLimit);
        for (; i + Vector512<double>.Count <= phi.Length; i += Vector512<double>.Count)
        {
            var p = Simd.Load512(phi, i);
            Vector512<double> e = FastMath.Exp(-Vector512.Abs(p));
            Vector512<double> fast = Vector512.LessThanOrEqual(p, limit);
            var (fs, fd, fl) = Series(p, e);
            if (!Vector512.EqualsAll(fast.AsUInt64(), Vector512<ulong>.AllBitsSet))
            {
                var (ss, sd, sl) = Full(p, e);
                fs = Vector512.ConditionalSelect(fast, fs, ss);
                fd = Vector512.ConditionalSelect(fast, fd, sd);
                fl = Vector512.ConditionalSelect(fast, fl, sl);
            }

            Simd.Store512(fs, sigma, i);
            Simd.Store512(fd, slope, i);
            Simd.Store512(fl, logSigma, i);
        }

        return i;
    }

    // Inlined by hand: without PGO (tiered compilation off) the JIT called it and spilled every vector around the call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Sigma, Vector512<double> Slope, Vector512<double> LogSigma) Series(Vector512<double> p, Vector512<double> e)
    {
        static Vector512<double> C(double v) => Vector512.Create(v);
        static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
        Vector512<double> e2 = e * e, e4 = e2 * e2;
        Vector512<double> s01 = Fma(C(-1.0 / 2), e, C(1.0)), s23 = Fma(C(-1.0 / 4), e, C(1.0 / 3));
        Vector512<double> s45 = Fma(C(-1.0 / 6), e, C(1.0 / 5)), s67 = Fma(C(-1.0 / 8), e, C(1.0 / 7));
        Vector512<double> s03 = Fma(s23, e2, s01), s47 = Fma(s67, e2, s45);
        Vector512<double> ps = Fma(Fma(C(1.0 / 9), e4, s47), e4, s03);
        Vector512<double> d01 = C(1.0) - e, d23 = Fma(C(-1.0), e, C(1.0));
        Vector512<double> d03 = Fma(d23, e2, d01);
        Vector512<double> pd = Fma(Fma(e4, C(1.0), d03), e4, d03);
        Vector512<double> l01 = Fma(C(5.0 / 24), e, C(-1.0 / 2)), l23 = Fma(C(251.0 / 2880), e, C(-1.0 / 8));
        Vector512<double> l45 = Fma(C(19087.0 / 362880), e, C(-19.0 / 288)), l67 = Fma(C(1070017.0 / 29030400), e, C(-751.0 / 17280));
        Vector512<double> pl = Fma(Fma(l67, e2, l45), e4, Fma(l23, e2, l01));
        return (e * ps, e * pd, Fma(e, pl, p));
    }

    // Inlined by hand: without PGO (tiered compilation off) the JIT called it and spilled every vector around the call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Sigma, Vector512<double> Slope, Vector512<double> LogSigma) Full(Vector512<double> p, Vector512<double> e)
    {
        var one = Vector512.Create(1.0);
        Vector512<double> u = one + e;
        Vector512<double> s = Vector512.Max(p, Vector512<double>.Zero) + FastMath.Log1p(e);
        Vector512<double> inv = one / u;
        Vector512<double> d = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(p, Vector512<double>.Zero), inv, e * inv);
        return (s, d, FastMath.Log(s));
    }

    /// <summary>The Vector512 body of <see cref="SampleWeights"/>; returns where the scalar tail starts.</summary>
    internal static int SampleWeights512(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, ReadOnlySpan<double> eps, Span<double> w)
    {
        int i = 0;
        for (; i + Vector512<double>.Count <= mu.Length; i += Vector512<double>.Count)
        {
            Simd.Store512(Vector512.FusedMultiplyAdd(Simd.Load512(sigma, i), Simd.Load512(eps, i), Simd.Load512(mu, i)), w, i);
        }

        return i;
    }

    /// <summary>The Vector512 body of <see cref="ParameterGradients"/>; returns where the scalar tail starts.</summary>
    internal static int ParameterGradients512(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> logSigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c)
    {
        int i = 0;
        var mag = Vector512.Create(c.Magnitude);
        var logRel = Vector512.Create(c.LogReliability);
        var rp1 = Vector512.Create(c.RhoPlusOne);
        var one = Vector512.Create(1.0);
        for (; i + Vector512<double>.Count <= g.Length; i += Vector512<double>.Count)
        {
            var muV = Simd.Load512(mu, i);
            // sign(mu) with sign(0) = 0, as the subgradient autograd takes.
            Vector512<double> sign = Vector512.ConditionalSelect(Vector512.GreaterThan(muV, Vector512<double>.Zero), one, Vector512<double>.Zero)
                - Vector512.ConditionalSelect(Vector512.LessThan(muV, Vector512<double>.Zero), one, Vector512<double>.Zero);
            Simd.Store512(Simd.Load512(g, i) + (mag * sign), gMu, i);
            Vector512<double> rel = FastMath.Exp(logRel - (rp1 * Simd.Load512(logSigma, i)));
            Simd.Store512((Simd.Load512(g2, i) * Simd.Load512(m, i) - rel) * Simd.Load512(slope, i), gPhi, i);
        }

        return i;
    }
}
