namespace Theory.Analytic;

/// <summary>
/// The energy-efficient optimum of the linear Gaussian model (THEORY.md section 3):
/// sigma* = (lambda s^rho / h)^(1/(2+rho)), the unique global minimiser over sigma &gt; 0 of
/// h sigma^2 / 2 + lambda (1/rho)(s/sigma)^rho. Proof: proofs/OptimalNoise.v (optimal_noise_global_min).
/// </summary>
/// <remarks>
/// An importance h = 0 (an input never active) has no finite optimum: sigma* = +infinity, reported as
/// unconstrained (<see cref="IsUnconstrained"/>), never NaN, and left out of fits.
/// </remarks>
public static class OptimalNoise
{
    /// <summary>sigma*. Range: rho, s, lambda &gt; 0; importance &gt;= 0 (0 gives +infinity).</summary>
    public static double Sigma(double rho, double s, double lambda, double importance)
    {
        Validate(rho, s, lambda, importance);
        return SigmaUnchecked(rho, s, lambda, importance);
    }

    /// <summary>ln sigma*^2 = (2/(2+rho)) (ln lambda + rho ln s - ln h). Proof: proofs/OptimalNoise.v (log_sigma_star_sq).</summary>
    public static double LogSigmaSquared(double rho, double s, double lambda, double importance)
    {
        Validate(rho, s, lambda, importance);
        return importance == 0
            ? double.PositiveInfinity
            : double.IsFinite(rho * Math.Log(s))
                ? 2 / (2 + rho) * (Math.Log(lambda) + rho * Math.Log(s) - Math.Log(importance))
                : 2 * LogSigma(rho, s, lambda, importance);
    }

    /// <summary>Per-synapse expected cost h sigma^2/2 + lambda (1/rho)(s/sigma)^rho (THEORY.md section 3).</summary>
    public static double Cost(double rho, double s, double lambda, double importance, double sigma)
    {
        Validate(rho, s, lambda, importance);
        Guard.PositiveFinite(sigma, nameof(sigma));
        return CostUnchecked(rho, s, lambda, importance, sigma);
    }

    /// <summary>d/dsigma of <see cref="Cost"/>: h sigma - lambda s^rho sigma^(-rho-1).</summary>
    public static double CostDerivative(double rho, double s, double lambda, double importance, double sigma)
    {
        Validate(rho, s, lambda, importance);
        Guard.PositiveFinite(sigma, nameof(sigma));
        return importance * sigma + ReliabilityCost.DerivativeUnchecked(rho, s, lambda, sigma);
    }

    /// <summary>True when the importance is 0: no finite optimum exists.</summary>
    public static bool IsUnconstrained(double importance) => importance == 0;

    /// <summary>sigma* for each importance; unconstrained entries are +infinity.</summary>
    public static double[] Sigmas(double rho, double s, double lambda, ReadOnlySpan<double> importances)
    {
        Validate(rho, s, lambda, 1.0);
        Guard.AllNonNegativeFinite(importances, nameof(importances));
        var result = new double[importances.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = SigmaUnchecked(rho, s, lambda, importances[i]);
        }

        return result;
    }

    internal static double SigmaUnchecked(double rho, double s, double lambda, double importance) =>
        importance == 0
            ? double.PositiveInfinity
            : Math.Exp(LogSigma(rho, s, lambda, importance));

    // ln sigma* = (ln lambda + rho ln s - ln h)/(2+rho); when rho ln s leaves the double range (rho near 1e308), the same
    // quantity as ln s rho/(2+rho) + (ln lambda - ln h)/(2+rho), which stays finite (sigma* -> s as rho grows).
    private static double LogSigma(double rho, double s, double lambda, double importance)
    {
        double scaled = rho * Math.Log(s);
        return double.IsFinite(scaled)
            ? (Math.Log(lambda) + scaled - Math.Log(importance)) / (2 + rho)
            : (Math.Log(s) * (rho / (2 + rho))) + ((Math.Log(lambda) - Math.Log(importance)) / (2 + rho));
    }

    internal static double CostUnchecked(double rho, double s, double lambda, double importance, double sigma) =>
        0.5 * importance * sigma * sigma + ReliabilityCost.ValueUnchecked(rho, s, lambda, sigma);

    private static void Validate(double rho, double s, double lambda, double importance)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(lambda, nameof(lambda));
        Guard.NonNegativeFinite(importance, nameof(importance));
    }
}
