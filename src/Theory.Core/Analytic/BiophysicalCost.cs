namespace Theory.Analytic;

/// <summary>
/// The cost of each biophysical mechanism as a function of the noise sigma it buys, at fixed mean mu
/// (THEORY.md section 1). Each is proportional to sigma^(-rho) with rho = <see cref="Mechanisms.Rho"/>;
/// proofs/Scalings.v proves the exponents.
/// </summary>
public static class BiophysicalCost
{
    /// <summary>
    /// Cost (up to a constant factor) of reaching noise <paramref name="sigma"/> at mean <paramref name="mu"/>.
    /// </summary>
    /// <param name="mechanism">Which cost.</param>
    /// <param name="sigma">Noise standard deviation. Range: sigma &gt; 0.</param>
    /// <param name="mu">Mean PSP, held fixed. Range: mu &gt; 0.</param>
    /// <param name="held">
    /// The quantal parameter held fixed: n (release sites) for calcium, where p varies;
    /// p in (0, 1) for the others, where n varies and q = mu/(n p) compensates.
    /// </param>
    public static double Cost(Mechanism mechanism, double sigma, double mu, double held)
    {
        if (mechanism == Mechanism.Calcium)
        {
            // Pumping cost ~ [Ca]; Hill coefficient 4: release odds p/(1-p) ~ [Ca]^4.
            double p = QuantalModel.ReleaseProbability(sigma, mu, held);
            return Math.Pow(p / (1 - p), 0.25);
        }

        double n = QuantalModel.ReleaseSites(sigma, mu, held);
        double q = mu / (n * held);
        return mechanism switch
        {
            Mechanism.Membrane => n * Math.Pow(q, 2.0 / 3.0), // n r^2 with q ~ r^3
            Mechanism.Actin => n * Math.Pow(q, 1.0 / 3.0), // n r
            Mechanism.Trafficking => n,
            _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, "unknown mechanism"),
        };
    }
}
