namespace Theory.Analytic;

/// <summary>
/// Heterogeneous against homogeneous noise in the linear Gaussian model (THEORY.md section 10), for importances
/// h_i &gt; 0 and a = rho/(2+rho). Proofs: proofs/Tradeoff.v (heterogeneous_total, homogeneous_optimum,
/// heterogeneous_le_homogeneous, fixed_reliability_optimum, fixed_reliability_minimum).
/// </summary>
public static class Tradeoff
{
    /// <summary>a = rho/(2+rho), the exponent of the importances in the optimal total cost.</summary>
    public static double Exponent(double rho)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        return rho / (2 + rho);
    }

    /// <summary>The power mean M_q(h) = (mean h_i^q)^(1/q) (q = 1: the arithmetic mean). Range: h_i &gt; 0, q &gt; 0.</summary>
    public static double PowerMean(ReadOnlySpan<double> importances, double q)
    {
        Validate(importances);
        Guard.PositiveFinite(q, nameof(q));
        double sum = 0;
        foreach (double h in importances)
        {
            sum += Math.Pow(h, q);
        }

        return Math.Pow(sum / importances.Length, 1 / q);
    }

    /// <summary>sigma_hom = (lambda s^rho / mean h)^(1/(2+rho)): the best single sigma for every synapse.</summary>
    public static double HomogeneousSigma(double rho, double s, double lambda, ReadOnlySpan<double> importances) =>
        OptimalNoise.Sigma(rho, s, lambda, PowerMean(importances, 1));

    /// <summary>L_het = (1/2 + 1/rho)(lambda s^rho)^(2/(2+rho)) sum h_i^a: the least total cost with a sigma per synapse.</summary>
    public static double HeterogeneousLoss(double rho, double s, double lambda, ReadOnlySpan<double> importances)
    {
        double a = Exponent(rho);
        return Scale(rho, s, lambda) * importances.Length * Math.Pow(PowerMean(importances, a), a);
    }

    /// <summary>L_hom = (1/2 + 1/rho)(lambda s^rho)^(2/(2+rho)) n (mean h)^a: the least total cost with one shared sigma.</summary>
    public static double HomogeneousLoss(double rho, double s, double lambda, ReadOnlySpan<double> importances) =>
        Scale(rho, s, lambda) * importances.Length * Math.Pow(PowerMean(importances, 1), Exponent(rho));

    /// <summary>L_het / L_hom = (M_a(h)/M_1(h))^a, at most 1, and 1 only when every importance is the same.</summary>
    public static double LossRatio(double rho, ReadOnlySpan<double> importances)
    {
        double a = Exponent(rho);
        return Math.Pow(PowerMean(importances, a) / PowerMean(importances, 1), a);
    }

    /// <summary>
    /// The least excess performance cost (1/2) sum h_i sigma_i^2 at reliability cost R = sum (1/rho)(s/sigma_i)^rho:
    /// heterogeneous (1/2)(s^rho/(rho R))^(2/rho) (sum h_i^a)^(1/a).
    /// </summary>
    public static double HeterogeneousExcessCost(double rho, double s, double reliabilityCost, ReadOnlySpan<double> importances)
    {
        double a = Exponent(rho);
        double sumPowers = importances.Length * Math.Pow(PowerMean(importances, a), a);
        return 0.5 * Math.Pow(AtReliability(rho, s, reliabilityCost), 2 / rho) * Math.Pow(sumPowers, 1 / a);
    }

    /// <summary>The same with one shared sigma: (1/2)(s^rho/(rho R))^(2/rho) n^(1/a) mean h.</summary>
    public static double HomogeneousExcessCost(double rho, double s, double reliabilityCost, ReadOnlySpan<double> importances)
    {
        double a = Exponent(rho);
        return 0.5 * Math.Pow(AtReliability(rho, s, reliabilityCost), 2 / rho) * Math.Pow(importances.Length, 1 / a) * PowerMean(importances, 1);
    }

    /// <summary>P_het / P_hom = M_a(h)/M_1(h), the same at every reliability cost.</summary>
    public static double ExcessCostRatio(double rho, ReadOnlySpan<double> importances) =>
        PowerMean(importances, Exponent(rho)) / PowerMean(importances, 1);

    private static double Scale(double rho, double s, double lambda)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(lambda, nameof(lambda));
        return (0.5 + (1 / rho)) * Math.Pow(lambda * Math.Pow(s, rho), 2 / (2 + rho));
    }

    private static double AtReliability(double rho, double s, double reliabilityCost)
    {
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(reliabilityCost, nameof(reliabilityCost));
        return Math.Pow(s, rho) / (rho * reliabilityCost);
    }

    private static void Validate(ReadOnlySpan<double> importances)
    {
        if (importances.IsEmpty)
        {
            throw new ArgumentException("no importances.", nameof(importances));
        }

        foreach (double h in importances)
        {
            Guard.PositiveFinite(h, nameof(importances));
        }
    }
}
