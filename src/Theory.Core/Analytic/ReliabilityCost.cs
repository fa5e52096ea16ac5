namespace Theory.Analytic;

/// <summary>
/// The reliability cost lambda (1/rho) (s/sigma)^rho of one synapse (THEORY.md section 2), computed in log
/// space so that sigma anywhere in [1e-300, 1e300] gives no intermediate overflow: the result is +infinity
/// only where the true value exceeds the double range, and <see cref="LogValue"/> is always finite.
/// </summary>
public static class ReliabilityCost
{
    /// <summary>lambda (1/rho) (s/sigma)^rho. Range: rho, s, lambda, sigma &gt; 0 and finite.</summary>
    public static double Value(double rho, double s, double lambda, double sigma)
    {
        Validate(rho, s, lambda, sigma);
        return ValueUnchecked(rho, s, lambda, sigma);
    }

    /// <summary>ln of <see cref="Value"/>: ln lambda - ln rho + rho (ln s - ln sigma).</summary>
    public static double LogValue(double rho, double s, double lambda, double sigma)
    {
        Validate(rho, s, lambda, sigma);
        return Math.Log(lambda) - Math.Log(rho) + rho * (Math.Log(s) - Math.Log(sigma));
    }

    /// <summary>d/dsigma of <see cref="Value"/>: -lambda (s/sigma)^rho / sigma.</summary>
    public static double Derivative(double rho, double s, double lambda, double sigma)
    {
        Validate(rho, s, lambda, sigma);
        return DerivativeUnchecked(rho, s, lambda, sigma);
    }

    internal static double ValueUnchecked(double rho, double s, double lambda, double sigma) =>
        Math.Exp(Math.Log(lambda) - Math.Log(rho) + rho * (Math.Log(s) - Math.Log(sigma)));

    internal static double DerivativeUnchecked(double rho, double s, double lambda, double sigma) =>
        -Math.Exp(Math.Log(lambda) + rho * (Math.Log(s) - Math.Log(sigma)) - Math.Log(sigma));

    private static void Validate(double rho, double s, double lambda, double sigma)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(lambda, nameof(lambda));
        Guard.PositiveFinite(sigma, nameof(sigma));
    }
}
