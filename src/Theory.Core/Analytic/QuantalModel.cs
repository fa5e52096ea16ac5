namespace Theory.Analytic;

/// <summary>
/// Katz-Miledi quantal release (THEORY.md section 1): n release sites, release probability p, quantal size q.
/// </summary>
public static class QuantalModel
{
    /// <summary>Mean PSP mu = n p q. Range: n &gt; 0, 0 &lt; p &lt;= 1, q &gt; 0.</summary>
    public static double Mean(double n, double p, double q)
    {
        Validate(n, p, q);
        return n * p * q;
    }

    /// <summary>Variance sigma^2 = n p (1 - p) q^2.</summary>
    public static double Variance(double n, double p, double q)
    {
        Validate(n, p, q);
        return n * p * (1 - p) * q * q;
    }

    /// <summary>Squared coefficient of variation sigma^2 / mu^2 = (1 - p) / (n p); q cancels.</summary>
    public static double CoefficientOfVariationSquared(double n, double p)
    {
        Validate(n, p, 1.0);
        return (1 - p) / (n * p);
    }

    /// <summary>
    /// Release probability that gives noise <paramref name="sigma"/> at fixed mean <paramref name="mu"/> and
    /// fixed <paramref name="n"/> (q compensates): (1 - p)/p = n sigma^2 / mu^2.
    /// </summary>
    public static double ReleaseProbability(double sigma, double mu, double n)
    {
        Guard.PositiveFinite(sigma, nameof(sigma));
        Guard.PositiveFinite(mu, nameof(mu));
        Guard.PositiveFinite(n, nameof(n));
        double cv2 = Math.Exp(Math.Log(n) + 2 * (Math.Log(sigma) - Math.Log(mu)));
        return 1 / (1 + cv2);
    }

    /// <summary>
    /// Number of release sites (continuous) that gives noise <paramref name="sigma"/> at fixed mean
    /// <paramref name="mu"/> and fixed <paramref name="p"/>: n = mu^2 (1 - p) / (p sigma^2).
    /// </summary>
    public static double ReleaseSites(double sigma, double mu, double p)
    {
        Guard.PositiveFinite(sigma, nameof(sigma));
        Guard.PositiveFinite(mu, nameof(mu));
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentException($"p must lie in (0, 1) (got {Guard.Format(p)}).", nameof(p));
        }

        return Math.Exp(2 * (Math.Log(mu) - Math.Log(sigma)) + Math.Log((1 - p) / p));
    }

    private static void Validate(double n, double p, double q)
    {
        Guard.PositiveFinite(n, nameof(n));
        Guard.PositiveFinite(q, nameof(q));
        if (!(p > 0 && p <= 1))
        {
            throw new ArgumentException($"p must lie in (0, 1] (got {Guard.Format(p)}).", nameof(p));
        }
    }
}
