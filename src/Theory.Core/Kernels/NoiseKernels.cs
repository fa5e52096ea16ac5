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
public static class NoiseKernels
{
    /// <summary>sigma = softplus(phi) = ln(1 + e^phi) and slope = d sigma / d phi = logistic(phi).</summary>
    public static void Softplus(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1.0);
            for (; i + 4 <= phi.Length; i += 4)
            {
                var p = Vector256.Create(phi.Slice(i, 4));
                Vector256<double> e = FastMath.Exp(-Vector256.Abs(p));
                Vector256<double> u = one + e;
                (Vector256.Max(p, Vector256<double>.Zero) + FastMath.Log1p(e)).CopyTo(sigma.Slice(i));
                Vector256<double> inv = one / u;
                Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(p, Vector256<double>.Zero), inv, e * inv).CopyTo(slope.Slice(i));
            }
        }

        SoftplusScalar(phi, sigma, slope, i);
    }

    /// <summary>Scalar reference of <see cref="Softplus"/> from element <paramref name="start"/> on.</summary>
    public static void SoftplusScalar(ReadOnlySpan<double> phi, Span<double> sigma, Span<double> slope, int start = 0)
    {
        for (int i = start; i < phi.Length; i++)
        {
            double p = phi[i];
            double e = FastMath.Exp(-Math.Abs(p));
            double u = 1.0 + e;
            sigma[i] = Math.Max(p, 0.0) + FastMath.Log1p(e);
            double inv = 1.0 / u;
            slope[i] = p >= 0 ? inv : e * inv;
        }
    }

    /// <summary>w = mu + sigma * eps (fused multiply-add on both paths: bit for bit equal).</summary>
    public static void SampleWeights(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, ReadOnlySpan<double> eps, Span<double> w)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= mu.Length; i += 4)
            {
                Vector256.FusedMultiplyAdd(Vector256.Create(sigma.Slice(i, 4)), Vector256.Create(eps.Slice(i, 4)), Vector256.Create(mu.Slice(i, 4)))
                    .CopyTo(w.Slice(i));
            }
        }

        SampleWeightsScalar(mu, sigma, eps, w, i);
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
    /// g_phi = (g2 m - exp(LogReliability) sigma^-(rho+1)) slope, where g2 m is the data term's sigma gradient
    /// (g eps for one weight sample per minibatch; sigma times the squared-input product for the local trick).
    /// </summary>
    public static void ParameterGradients(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> sigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mag = Vector256.Create(c.Magnitude);
            var logRel = Vector256.Create(c.LogReliability);
            var rp1 = Vector256.Create(c.RhoPlusOne);
            var one = Vector256.Create(1.0);
            for (; i + 4 <= g.Length; i += 4)
            {
                var muV = Vector256.Create(mu.Slice(i, 4));
                // sign(mu) with sign(0) = 0, as the subgradient autograd takes.
                Vector256<double> sign = Vector256.ConditionalSelect(Vector256.GreaterThan(muV, Vector256<double>.Zero), one, Vector256<double>.Zero)
                    - Vector256.ConditionalSelect(Vector256.LessThan(muV, Vector256<double>.Zero), one, Vector256<double>.Zero);
                (Vector256.Create(g.Slice(i, 4)) + (mag * sign)).CopyTo(gMu.Slice(i));
                Vector256<double> rel = FastMath.Exp(logRel - (rp1 * FastMath.Log(Vector256.Create(sigma.Slice(i, 4)))));
                ((Vector256.Create(g2.Slice(i, 4)) * Vector256.Create(m.Slice(i, 4)) - rel) * Vector256.Create(slope.Slice(i, 4))).CopyTo(gPhi.Slice(i));
            }
        }

        ParameterGradientsScalar(g, g2, m, mu, sigma, slope, gMu, gPhi, c, i);
    }

    /// <summary>Scalar reference of <see cref="ParameterGradients"/>.</summary>
    public static void ParameterGradientsScalar(
        ReadOnlySpan<double> g, ReadOnlySpan<double> g2, ReadOnlySpan<double> m, ReadOnlySpan<double> mu,
        ReadOnlySpan<double> sigma, ReadOnlySpan<double> slope, Span<double> gMu, Span<double> gPhi, GradientCoefficients c, int start = 0)
    {
        for (int i = start; i < g.Length; i++)
        {
            double sign = (mu[i] > 0 ? 1.0 : 0.0) - (mu[i] < 0 ? 1.0 : 0.0);
            gMu[i] = g[i] + (c.Magnitude * sign);
            double rel = FastMath.Exp(c.LogReliability - (c.RhoPlusOne * FastMath.Log(sigma[i])));
            gPhi[i] = ((g2[i] * m[i]) - rel) * slope[i];
        }
    }
}
