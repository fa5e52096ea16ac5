using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// sigma* = exp((ln lambda + rho ln s - ln h)/(2+rho)) over a span of importances (THEORY.md section 3),
/// vectorised with <see cref="FastMath"/>; h = 0 gives +infinity (unconstrained). Inputs are not validated.
/// Agrees with <see cref="Analytic.OptimalNoise.Sigma"/> (which uses Math.Log and Math.Exp) to a few ulps,
/// and with its own scalar path bit for bit.
/// </summary>
public static class OptimalNoiseKernel
{
    /// <summary>Fills <paramref name="sigma"/> with sigma* for each importance.</summary>
    public static void Sigmas(double rho, double s, double lambda, ReadOnlySpan<double> importance, Span<double> sigma)
    {
        if (sigma.Length < importance.Length)
        {
            throw new ArgumentException("destination is shorter than the source.", nameof(sigma));
        }

        int i = 0;
        double c = Math.Log(lambda) + rho * Math.Log(s);
        double inv = 1 / (2 + rho);
        if (Vector256.IsHardwareAccelerated)
        {
            var cV = Vector256.Create(c);
            var invV = Vector256.Create(inv);
            for (; i + 4 <= importance.Length; i += 4)
            {
                var h = Simd.Load256(importance, i);
                Vector256<double> zero = Vector256.Equals(h, Vector256<double>.Zero);
                Vector256<double> safe = Vector256.ConditionalSelect(zero, Vector256.Create(1.0), h);
                Vector256<double> result = FastMath.Exp((cV - FastMath.Log(safe)) * invV);
                Simd.Store256(Vector256.ConditionalSelect(zero, Vector256.Create(double.PositiveInfinity), result), sigma, i);
                if (Vector256.LessThanAny(safe, Vector256.Create(FastMath.SmallestNormal)))
                {
                    // A subnormal importance, which the vector log cannot read: these four go through the scalar path.
                    SigmasScalar(rho, s, lambda, importance.Slice(i, 4), sigma.Slice(i, 4));
                }
            }
        }

        SigmasScalar(rho, s, lambda, importance, sigma, i);
    }

    /// <summary>Scalar reference of <see cref="Sigmas"/>.</summary>
    public static void SigmasScalar(double rho, double s, double lambda, ReadOnlySpan<double> importance, Span<double> sigma, int start = 0)
    {
        double c = Math.Log(lambda) + rho * Math.Log(s);
        double inv = 1 / (2 + rho);
        for (int i = start; i < importance.Length; i++)
        {
            double h = importance[i];
            sigma[i] = h == 0 ? double.PositiveInfinity : FastMath.Exp((c - FastMath.Log(h)) * inv);
        }
    }
}
