using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>The float softplus of the <c>--float</c> model: the double kernel's scheme with float series.</summary>
public static partial class NoiseKernels
{
    /// <summary>
    /// sigma = softplus(phi), slope = logistic(phi), ln sigma and ln slope, all in float. With e = e^-|phi| and
    /// l = log1p(e): sigma = max(phi, 0) + l and ln slope = min(phi, 0) - l. For phi &lt;= <see cref="SeriesLimit"/>
    /// (e &lt;= 6.7e-3) l, the slope and ln sigma come from power series in e cut at e^3 (the first omitted terms
    /// are below 2.1e-9 relative), with no division and no logarithm, so that small sigma keeps all its digits
    /// (ln(1 + e) formed in float made sigma near 1e-4 a step function of phi with 0.1% steps); above it
    /// l = ln(1 + e) e / ((1 + e) - 1), which corrects the rounding of 1 + e, the slope is 1/(1 + e) or e/(1 + e)
    /// and ln sigma is the float log of sigma.
    /// e^phi below the smallest normal float (phi &lt; -87.3) gives sigma = slope = 0 with ln sigma = phi exact.
    /// The scalar, Vector256 and Vector512 paths round alike.
    /// </summary>
    public static void SoftplusSingle(ReadOnlySpan<float> phi, Span<float> sigma, Span<float> slope, Span<float> logSigma, Span<float> logSlope)
    {
        Simd.RequireLength(phi.Length, "phi, sigma, slope, logSigma, logSlope", sigma.Length, slope.Length, logSigma.Length, logSlope.Length);
        int i = Vector512.IsHardwareAccelerated ? SoftplusSingle512(phi, sigma, slope, logSigma, logSlope)
            : Vector256.IsHardwareAccelerated ? SoftplusSingle256(phi, sigma, slope, logSigma, logSlope) : 0;
        SoftplusSingleScalar(phi, sigma, slope, logSigma, logSlope, i);
    }

    /// <summary>Scalar reference of the float <see cref="SoftplusSingle"/> from element <paramref name="start"/> on.</summary>
    public static void SoftplusSingleScalar(ReadOnlySpan<float> phi, Span<float> sigma, Span<float> slope, Span<float> logSigma, Span<float> logSlope, int start = 0)
    {
        for (int i = start; i < phi.Length; i++)
        {
            float p = phi[i];
            float e = FastMath.Exp(-MathF.Abs(p));
            float l, d, ls;
            if (p <= (float)SeriesLimit)
            {
                (l, d, ls) = SeriesSingle(p, e);
            }
            else
            {
                float u = 1f + e;
                float um1 = u - 1f;
                l = um1 == 0f ? e : FastMath.Log(u) * (e / um1);
                float inv = 1f / u;
                d = p >= 0f ? inv : e * inv;
                ls = FastMath.Log(MathF.Max(p, 0f) + l);
            }

            sigma[i] = MathF.Max(p, 0f) + l;
            slope[i] = d;
            logSigma[i] = ls;
            logSlope[i] = MathF.Min(p, 0f) - l;
        }
    }

    private static (float Log1p, float Slope, float LogSigma) SeriesSingle(float p, float e)
    {
        // log1p(e) = e (1 - e/2 + e^2/3 - e^3/4); 1/(1+e) = 1 - e + e^2 - e^3; ln(log1p(e)/e) = e (-1/2 + 5e/24 - e^2/8).
        float ps = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(-1f / 4, e, 1f / 3), e, -1f / 2), e, 1f);
        float pd = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(-1f, e, 1f), e, -1f), e, 1f);
        float pl = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(-1f / 8, e, 5f / 24), e, -1f / 2);
        return (e * ps, e * pd, MathF.FusedMultiplyAdd(e, pl, p));
    }

    /// <summary>The Vector256 body of the float softplus; returns where the scalar tail starts.</summary>
    internal static int SoftplusSingle256(ReadOnlySpan<float> phi, Span<float> sigma, Span<float> slope, Span<float> logSigma, Span<float> logSlope)
    {
        static Vector256<float> C(float v) => Vector256.Create(v);
        static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        int i = 0;
        for (; i + Vector256<float>.Count <= phi.Length; i += Vector256<float>.Count)
        {
            var p = Simd.Load256(phi, i);
            Vector256<float> e = FastMath.Exp(-Vector256.Abs(p));
            Vector256<float> fast = Vector256.LessThanOrEqual(p, C((float)SeriesLimit));
            Vector256<float> l = e * Fma(Fma(Fma(C(-1f / 4), e, C(1f / 3)), e, C(-1f / 2)), e, C(1f));
            Vector256<float> d = e * Fma(Fma(Fma(C(-1f), e, C(1f)), e, C(-1f)), e, C(1f));
            Vector256<float> ls = Fma(e, Fma(Fma(C(-1f / 8), e, C(5f / 24)), e, C(-1f / 2)), p);
            if (!Vector256.EqualsAll(fast.AsUInt32(), Vector256<uint>.AllBitsSet))
            {
                Vector256<float> u = C(1f) + e;
                Vector256<float> um1 = u - C(1f);
                Vector256<float> lf = Vector256.ConditionalSelect(Vector256.Equals(um1, Vector256<float>.Zero), e, FastMath.Log(u) * (e / um1));
                Vector256<float> inv = C(1f) / u;
                Vector256<float> df = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(p, Vector256<float>.Zero), inv, e * inv);
                Vector256<float> lsf = FastMath.Log(Vector256.Max(p, Vector256<float>.Zero) + lf);
                l = Vector256.ConditionalSelect(fast, l, lf);
                d = Vector256.ConditionalSelect(fast, d, df);
                ls = Vector256.ConditionalSelect(fast, ls, lsf);
            }

            Simd.Store256(Vector256.Max(p, Vector256<float>.Zero) + l, sigma, i);
            Simd.Store256(d, slope, i);
            Simd.Store256(ls, logSigma, i);
            Simd.Store256(Vector256.Min(p, Vector256<float>.Zero) - l, logSlope, i);
        }

        return i;
    }

    /// <summary>The Vector512 body of the float softplus; returns where the scalar tail starts.</summary>
    internal static int SoftplusSingle512(ReadOnlySpan<float> phi, Span<float> sigma, Span<float> slope, Span<float> logSigma, Span<float> logSlope)
    {
        static Vector512<float> C(float v) => Vector512.Create(v);
        static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        int i = 0;
        for (; i + Vector512<float>.Count <= phi.Length; i += Vector512<float>.Count)
        {
            var p = Simd.Load512(phi, i);
            Vector512<float> e = FastMath.Exp(-Vector512.Abs(p));
            Vector512<float> fast = Vector512.LessThanOrEqual(p, C((float)SeriesLimit));
            Vector512<float> l = e * Fma(Fma(Fma(C(-1f / 4), e, C(1f / 3)), e, C(-1f / 2)), e, C(1f));
            Vector512<float> d = e * Fma(Fma(Fma(C(-1f), e, C(1f)), e, C(-1f)), e, C(1f));
            Vector512<float> ls = Fma(e, Fma(Fma(C(-1f / 8), e, C(5f / 24)), e, C(-1f / 2)), p);
            if (!Vector512.EqualsAll(fast.AsUInt32(), Vector512<uint>.AllBitsSet))
            {
                Vector512<float> u = C(1f) + e;
                Vector512<float> um1 = u - C(1f);
                Vector512<float> lf = Vector512.ConditionalSelect(Vector512.Equals(um1, Vector512<float>.Zero), e, FastMath.Log(u) * (e / um1));
                Vector512<float> inv = C(1f) / u;
                Vector512<float> df = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(p, Vector512<float>.Zero), inv, e * inv);
                Vector512<float> lsf = FastMath.Log(Vector512.Max(p, Vector512<float>.Zero) + lf);
                l = Vector512.ConditionalSelect(fast, l, lf);
                d = Vector512.ConditionalSelect(fast, d, df);
                ls = Vector512.ConditionalSelect(fast, ls, lsf);
            }

            Simd.Store512(Vector512.Max(p, Vector512<float>.Zero) + l, sigma, i);
            Simd.Store512(d, slope, i);
            Simd.Store512(ls, logSigma, i);
            Simd.Store512(Vector512.Min(p, Vector512<float>.Zero) - l, logSlope, i);
        }

        return i;
    }

    /// <summary>
    /// The float <see cref="ParameterGradients"/>: gMu = g + magnitude sign(mu) (sign(0) = 0) and
    /// gPhi = g2 m slope - exp(ln((B/N) lambda s^rho) - (rho + 1) ln sigma + ln slope), the reliability derivative
    /// formed in the exponent: alone, sigma^-(rho+1) overflows float once sigma is below about 1e-25 (rho 1/2) or
    /// 1e-16 (rho 2), while its product with the slope stays in range. Every product and sum is rounded to float in
    /// the order written (no contraction into a fused multiply-add); the scalar, Vector256 and Vector512 paths round alike.
    /// </summary>
    public static void ParameterGradientsSingle(
        ReadOnlySpan<float> g, ReadOnlySpan<float> g2, ReadOnlySpan<float> m, ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma,
        ReadOnlySpan<float> slope, ReadOnlySpan<float> logSlope, Span<float> gMu, Span<float> gPhi, GradientCoefficients c)
    {
        Simd.RequireLength(g.Length, "g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi", g2.Length, m.Length, mu.Length, logSigma.Length, slope.Length, logSlope.Length, gMu.Length, gPhi.Length);
        int i = Vector512.IsHardwareAccelerated ? ParameterGradientsSingle512(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c)
            : Vector256.IsHardwareAccelerated ? ParameterGradientsSingle256(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c) : 0;
        ParameterGradientsSingleScalar(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c, i);
    }

    /// <summary>Scalar reference of <see cref="ParameterGradientsSingle"/> from element <paramref name="start"/> on.</summary>
    public static void ParameterGradientsSingleScalar(
        ReadOnlySpan<float> g, ReadOnlySpan<float> g2, ReadOnlySpan<float> m, ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma,
        ReadOnlySpan<float> slope, ReadOnlySpan<float> logSlope, Span<float> gMu, Span<float> gPhi, GradientCoefficients c, int start = 0)
    {
        float mag = (float)c.Magnitude, logRel = (float)c.LogReliability, minusRp1 = (float)-c.RhoPlusOne;
        for (int i = start; i < g.Length; i++)
        {
            gMu[i] = g[i] + (mu[i] > 0 ? mag : mu[i] < 0 ? -mag : 0f);
            float rel = FastMath.Exp((logSigma[i] * minusRp1) + logRel + logSlope[i]);
            gPhi[i] = (g2[i] * m[i] * slope[i]) - rel;
        }
    }

    /// <summary>The Vector256 body of <see cref="ParameterGradientsSingle"/>; returns where the scalar tail starts.</summary>
    internal static int ParameterGradientsSingle256(
        ReadOnlySpan<float> g, ReadOnlySpan<float> g2, ReadOnlySpan<float> m, ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma,
        ReadOnlySpan<float> slope, ReadOnlySpan<float> logSlope, Span<float> gMu, Span<float> gPhi, GradientCoefficients c)
    {
        var mag = Vector256.Create((float)c.Magnitude);
        var logRel = Vector256.Create((float)c.LogReliability);
        var minusRp1 = Vector256.Create((float)-c.RhoPlusOne);
        int i = 0;
        for (; i + Vector256<float>.Count <= g.Length; i += Vector256<float>.Count)
        {
            var muV = Simd.Load256(mu, i);
            Vector256<float> signed = Vector256.ConditionalSelect(Vector256.GreaterThan(muV, Vector256<float>.Zero), mag, Vector256<float>.Zero)
                - Vector256.ConditionalSelect(Vector256.LessThan(muV, Vector256<float>.Zero), mag, Vector256<float>.Zero);
            Simd.Store256(Simd.Load256(g, i) + signed, gMu, i);
            Vector256<float> rel = FastMath.Exp((Simd.Load256(logSigma, i) * minusRp1) + logRel + Simd.Load256(logSlope, i));
            Simd.Store256((Simd.Load256(g2, i) * Simd.Load256(m, i) * Simd.Load256(slope, i)) - rel, gPhi, i);
        }

        return i;
    }

    /// <summary>The Vector512 body of <see cref="ParameterGradientsSingle"/>; returns where the scalar tail starts.</summary>
    internal static int ParameterGradientsSingle512(
        ReadOnlySpan<float> g, ReadOnlySpan<float> g2, ReadOnlySpan<float> m, ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma,
        ReadOnlySpan<float> slope, ReadOnlySpan<float> logSlope, Span<float> gMu, Span<float> gPhi, GradientCoefficients c)
    {
        var mag = Vector512.Create((float)c.Magnitude);
        var logRel = Vector512.Create((float)c.LogReliability);
        var minusRp1 = Vector512.Create((float)-c.RhoPlusOne);
        int i = 0;
        for (; i + Vector512<float>.Count <= g.Length; i += Vector512<float>.Count)
        {
            var muV = Simd.Load512(mu, i);
            Vector512<float> signed = Vector512.ConditionalSelect(Vector512.GreaterThan(muV, Vector512<float>.Zero), mag, Vector512<float>.Zero)
                - Vector512.ConditionalSelect(Vector512.LessThan(muV, Vector512<float>.Zero), mag, Vector512<float>.Zero);
            Simd.Store512(Simd.Load512(g, i) + signed, gMu, i);
            Vector512<float> rel = FastMath.Exp((Simd.Load512(logSigma, i) * minusRp1) + logRel + Simd.Load512(logSlope, i));
            Simd.Store512((Simd.Load512(g2, i) * Simd.Load512(m, i) * Simd.Load512(slope, i)) - rel, gPhi, i);
        }

        return i;
    }
}
