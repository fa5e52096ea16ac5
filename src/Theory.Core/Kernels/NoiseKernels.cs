using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>Scalars of the parameter-gradient kernel for one minibatch.</summary>
/// <param name="Magnitude">(B/N) kappa: the L1 cost's weight in this minibatch.</param>
/// <param name="LogReliability">ln((B/N) lambda s^rho): the reliability cost's derivative is -exp(this) sigma^-(rho+1).</param>
/// <param name="RhoPlusOne">rho + 1.</param>
public readonly record struct GradientCoefficients(double Magnitude, double LogReliability, double RhoPlusOne);

/// <summary>
/// Element-wise kernels of the stochastic synapses (THEORY.md section 2): sigma = softplus(phi), the
/// reparameterised weight sample, and the gradients of mu and phi.
/// </summary>
/// <remarks>
/// Both paths round identically: the same operations in the same order, fused multiply-add in both or in
/// neither, and exp and log from <see cref="FastMath"/>, whose scalar and vector forms agree bit for bit.
/// </remarks>
public static partial class NoiseKernels
{
    /// <summary>Below this phi, e^phi &lt;= 6.7e-3 and the power series of the fast path converge to double precision by e^8.</summary>
    public const double SeriesLimit = -5.0;

    /// <summary>
    /// sigma = softplus(phi) = ln(1 + e^phi), slope = d sigma / d phi = logistic(phi), and ln sigma.
    /// For phi &lt;= <see cref="SeriesLimit"/> (the usual case: sigma &lt;= 6.7e-3) all three come from power
    /// series in e = e^phi without a division or a second logarithm: sigma = e (1 - e/2 + e^2/3 - ...),
    /// slope = e (1 - e + e^2 - ...), ln sigma = phi + ln(log1p(e)/e) = phi - e/2 + 5e^2/24 - e^3/8 + ...
    /// (coefficients exact to e^8; the first omitted terms are below 1e-20 relative).
    /// </summary>
    public static void Softplus(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope, Span<double> logSigma)
    {
        Simd.RequireLength(phi.Length, "phi, sigma, slope, logSigma", sigma.Length, slope.Length, logSigma.Length);
        int i = Vector512.IsHardwareAccelerated ? Softplus512(phi, sigma, slope, logSigma)
            : Vector256.IsHardwareAccelerated ? Softplus256(phi, sigma, slope, logSigma) : 0;
        SoftplusScalar(phi, sigma, slope, logSigma, i);
    }

    /// <summary>The Vector256 body of <see cref="Softplus"/>; returns where the scalar tail starts.</summary>
    internal static int Softplus256(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope, Span<double> logSigma)
    {
        int i = 0;
        var limit = Vector256.Create(SeriesLimit);
        for (; i + Vector256<double>.Count <= phi.Length; i += Vector256<double>.Count)
        {
            var p = Simd.Load256(phi, i);
            Vector256<double> e = FastMath.Exp(-Vector256.Abs(p));
            Vector256<double> fast = Vector256.LessThanOrEqual(p, limit);
            var (fs, fd, fl) = Series(p, e);
            if (!Vector256.EqualsAll(fast.AsUInt64(), Vector256<ulong>.AllBitsSet))
            {
                var (ss, sd, sl) = Full(p, e);
                fs = Vector256.ConditionalSelect(fast, fs, ss);
                fd = Vector256.ConditionalSelect(fast, fd, sd);
                fl = Vector256.ConditionalSelect(fast, fl, sl);
            }

            Simd.Store256(fs, sigma, i);
            Simd.Store256(fd, slope, i);
            Simd.Store256(fl, logSigma, i);
        }

        return i;
    }

    /// <summary>Scalar reference of <see cref="Softplus"/> from element <paramref name="start"/> on.</summary>
    public static void SoftplusScalar(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope, Span<double> logSigma, int start = 0)
    {
        for (int i = start; i < phi.Length; i++)
        {
            double p = phi[i];
            double e = FastMath.Exp(-Math.Abs(p));
            if (p <= SeriesLimit)
            {
                (sigma[i], slope[i], logSigma[i]) = Series(p, e);
            }
            else
            {
                double u = 1.0 + e;
                double s = Math.Max(p, 0.0) + FastMath.Log1p(e);
                double inv = 1.0 / u;
                sigma[i] = s;
                slope[i] = p >= 0 ? inv : e * inv;
                logSigma[i] = FastMath.Log(s);
            }
        }
    }

    private static (double Sigma, double Slope, double LogSigma) Series(double p, double e)
    {
        double e2 = e * e, e4 = e2 * e2;
        // log1p(e)/e = sum (-1)^k e^k/(k+1), k = 0..8
        double s01 = Math.FusedMultiplyAdd(-1.0 / 2, e, 1.0), s23 = Math.FusedMultiplyAdd(-1.0 / 4, e, 1.0 / 3);
        double s45 = Math.FusedMultiplyAdd(-1.0 / 6, e, 1.0 / 5), s67 = Math.FusedMultiplyAdd(-1.0 / 8, e, 1.0 / 7);
        double s03 = Math.FusedMultiplyAdd(s23, e2, s01), s47 = Math.FusedMultiplyAdd(s67, e2, s45);
        double ps = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(1.0 / 9, e4, s47), e4, s03);
        // 1/(1+e) = sum (-e)^k, k = 0..8
        double d01 = 1.0 - e, d23 = Math.FusedMultiplyAdd(-1.0, e, 1.0);
        double d03 = Math.FusedMultiplyAdd(d23, e2, d01);
        double pd = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(e4, 1.0, d03), e4, d03);
        // ln(log1p(e)/e) / e = sum c_{k+1} e^k, k = 0..7
        double l01 = Math.FusedMultiplyAdd(5.0 / 24, e, -1.0 / 2), l23 = Math.FusedMultiplyAdd(251.0 / 2880, e, -1.0 / 8);
        double l45 = Math.FusedMultiplyAdd(19087.0 / 362880, e, -19.0 / 288), l67 = Math.FusedMultiplyAdd(1070017.0 / 29030400, e, -751.0 / 17280);
        double pl = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(l67, e2, l45), e4, Math.FusedMultiplyAdd(l23, e2, l01));
        return (e * ps, e * pd, Math.FusedMultiplyAdd(e, pl, p));
    }

    // Inlined by hand: without PGO (tiered compilation off) the JIT called it and spilled every vector around the call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Sigma, Vector256<double> Slope, Vector256<double> LogSigma) Series(Vector256<double> p, Vector256<double> e)
    {
        static Vector256<double> C(double v) => Vector256.Create(v);
        static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
        Vector256<double> e2 = e * e, e4 = e2 * e2;
        Vector256<double> s01 = Fma(C(-1.0 / 2), e, C(1.0)), s23 = Fma(C(-1.0 / 4), e, C(1.0 / 3));
        Vector256<double> s45 = Fma(C(-1.0 / 6), e, C(1.0 / 5)), s67 = Fma(C(-1.0 / 8), e, C(1.0 / 7));
        Vector256<double> s03 = Fma(s23, e2, s01), s47 = Fma(s67, e2, s45);
        Vector256<double> ps = Fma(Fma(C(1.0 / 9), e4, s47), e4, s03);
        Vector256<double> d01 = C(1.0) - e, d23 = Fma(C(-1.0), e, C(1.0));
        Vector256<double> d03 = Fma(d23, e2, d01);
        Vector256<double> pd = Fma(Fma(e4, C(1.0), d03), e4, d03);
        Vector256<double> l01 = Fma(C(5.0 / 24), e, C(-1.0 / 2)), l23 = Fma(C(251.0 / 2880), e, C(-1.0 / 8));
        Vector256<double> l45 = Fma(C(19087.0 / 362880), e, C(-19.0 / 288)), l67 = Fma(C(1070017.0 / 29030400), e, C(-751.0 / 17280));
        Vector256<double> pl = Fma(Fma(l67, e2, l45), e4, Fma(l23, e2, l01));
        return (e * ps, e * pd, Fma(e, pl, p));
    }

    // Inlined by hand: without PGO (tiered compilation off) the JIT called it and spilled every vector around the call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Sigma, Vector256<double> Slope, Vector256<double> LogSigma) Full(Vector256<double> p, Vector256<double> e)
    {
        var one = Vector256.Create(1.0);
        Vector256<double> u = one + e;
        Vector256<double> s = Vector256.Max(p, Vector256<double>.Zero) + FastMath.Log1p(e);
        Vector256<double> inv = one / u;
        Vector256<double> d = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(p, Vector256<double>.Zero), inv, e * inv);
        return (s, d, FastMath.Log(s));
    }

    /// <summary>w = mu + sigma * eps (fused multiply-add on both paths: bit for bit equal).</summary>
    public static void SampleWeights(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, ReadOnlySpan<double> eps, Span<double> w)
    {
        Simd.RequireLength(mu.Length, "mu, sigma, eps, w", sigma.Length, eps.Length, w.Length);
        int i = Vector512.IsHardwareAccelerated ? SampleWeights512(mu, sigma, eps, w)
            : Vector256.IsHardwareAccelerated ? SampleWeights256(mu, sigma, eps, w) : 0;
        SampleWeightsScalar(mu, sigma, eps, w, i);
    }

    /// <summary>The Vector256 body of <see cref="SampleWeights"/>; returns where the scalar tail starts.</summary>
    internal static int SampleWeights256(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, ReadOnlySpan<double> eps, Span<double> w)
    {
        int i = 0;
        for (; i + Vector256<double>.Count <= mu.Length; i += Vector256<double>.Count)
        {
            Simd.Store256(Vector256.FusedMultiplyAdd(Simd.Load256(sigma, i), Simd.Load256(eps, i), Simd.Load256(mu, i)), w, i);
        }

        return i;
    }

    /// <summary>Scalar reference of <see cref="SampleWeights"/>.</summary>
    public static void SampleWeightsScalar(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, ReadOnlySpan<double> eps, Span<double> w, int start = 0)
    {
        for (int i = start; i < mu.Length; i++)
        {
            w[i] = Math.FusedMultiplyAdd(sigma[i], eps[i], mu[i]);
        }
    }

    /// <summary>
    /// Gradients of one minibatch's loss: g_mu = g + Magnitude sign(mu);
    /// g_phi = (g2 m - exp(LogReliability - (rho+1) ln sigma)) slope, where g2 m is the data term's sigma gradient
    /// (g eps for one weight sample per minibatch; sigma times the squared-input product for the local trick).
    /// </summary>
    public static void ParameterGradients(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> logSigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c)
    {
        Simd.RequireLength(g.Length, "g, g2, m, mu, logSigma, slope, gMu, gPhi", g2.Length, m.Length, mu.Length, logSigma.Length, slope.Length, gMu.Length, gPhi.Length);
        int i = Vector512.IsHardwareAccelerated ? ParameterGradients512(g, g2, m, mu, logSigma, slope, gMu, gPhi, c)
            : Vector256.IsHardwareAccelerated ? ParameterGradients256(g, g2, m, mu, logSigma, slope, gMu, gPhi, c) : 0;
        ParameterGradientsScalar(g, g2, m, mu, logSigma, slope, gMu, gPhi, c, i);
    }

    /// <summary>The Vector256 body of <see cref="ParameterGradients"/>; returns where the scalar tail starts.</summary>
    internal static int ParameterGradients256(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> logSigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c)
    {
        int i = 0;
        var mag = Vector256.Create(c.Magnitude);
        var logRel = Vector256.Create(c.LogReliability);
        var rp1 = Vector256.Create(c.RhoPlusOne);
        var one = Vector256.Create(1.0);
        for (; i + Vector256<double>.Count <= g.Length; i += Vector256<double>.Count)
        {
            var muV = Simd.Load256(mu, i);
            // sign(mu) with sign(0) = 0, as the subgradient autograd takes.
            Vector256<double> sign = Vector256.ConditionalSelect(Vector256.GreaterThan(muV, Vector256<double>.Zero), one, Vector256<double>.Zero)
                - Vector256.ConditionalSelect(Vector256.LessThan(muV, Vector256<double>.Zero), one, Vector256<double>.Zero);
            Simd.Store256(Simd.Load256(g, i) + (mag * sign), gMu, i);
            Vector256<double> rel = FastMath.Exp(logRel - (rp1 * Simd.Load256(logSigma, i)));
            Simd.Store256((Simd.Load256(g2, i) * Simd.Load256(m, i) - rel) * Simd.Load256(slope, i), gPhi, i);
        }

        return i;
    }

    /// <summary>Scalar reference of <see cref="ParameterGradients"/>.</summary>
    public static void ParameterGradientsScalar(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> logSigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c, int start = 0)
    {
        for (int i = start; i < g.Length; i++)
        {
            double sign = (mu[i] > 0 ? 1.0 : 0.0) - (mu[i] < 0 ? 1.0 : 0.0);
            gMu[i] = g[i] + (c.Magnitude * sign);
            double rel = FastMath.Exp(c.LogReliability - (c.RhoPlusOne * logSigma[i]));
            gPhi[i] = ((g2[i] * m[i]) - rel) * slope[i];
        }
    }
}
