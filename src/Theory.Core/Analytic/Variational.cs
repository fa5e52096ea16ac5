namespace Theory.Analytic;

/// <summary>Mean-field Gaussian variational Bayes with the prior N(0, sigma_0^2) on every weight (THEORY.md sections 4 and 11).</summary>
public static class Variational
{
    /// <summary>
    /// KL(q || p) = sum_i [ln(sigma_0 / sigma_i) + (sigma_i^2 + mu_i^2) / (2 sigma_0^2) - 1/2] for q = prod N(mu_i, sigma_i^2),
    /// p = N(0, sigma_0^2 I), in nats.
    /// </summary>
    public static double KullbackLeibler(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, double sigma0)
    {
        Guard.SameLength(mu.Length, sigma.Length, nameof(sigma));
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        double inv = 1 / (2 * sigma0 * sigma0), kl = 0;
        for (int i = 0; i < mu.Length; i++)
        {
            kl += Math.Log(sigma0 / sigma[i]) + (((sigma[i] * sigma[i]) + (mu[i] * mu[i])) * inv) - 0.5;
        }

        return kl;
    }

    /// <summary>The optimum of mean-field VI in the quadratic approximation: v_i = 1/(H_i + 1/sigma_0^2) (section 11).</summary>
    public static double OptimalVariance(double hessian, double sigma0)
    {
        Guard.NonNegativeFinite(hessian, nameof(hessian));
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        return 1 / (hessian + (1 / (sigma0 * sigma0)));
    }
}
