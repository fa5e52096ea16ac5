namespace Theory.Bound;

/// <summary>
/// The closed-form terms of -ELBO for a factorised Gaussian q(w) = prod_i N(mu_i, sigma_i^2) in the linear
/// Gaussian model (THEORY.md section 5), and the biological bound on it.
/// </summary>
/// <param name="ExpectedNegativeLogLikelihood">E_q[-ln p(D|w)].</param>
/// <param name="ExpectedNegativeLogGaussianPrior">E_q[-ln p(w)] for p(w) = N(0, sigma_0^2 I).</param>
/// <param name="ExpectedNegativeLogLaplacePrior">E_q[-ln p(w)] for a Laplace prior of scale b: sum E|w_i|/b + ln 2b.</param>
/// <param name="LaplaceShortcut">The same with E|w_i| replaced by |mu_i| (the paper's L1-on-mu magnitude cost).</param>
/// <param name="Entropy">H[q] = sum (1/2) ln(2 pi e sigma_i^2).</param>
/// <param name="BiologicalCost">sum (1/rho)(s/sigma_i)^rho + d K(rho, s), which bounds -H[q] from above.</param>
public sealed record ElboTerms(
    double ExpectedNegativeLogLikelihood,
    double ExpectedNegativeLogGaussianPrior,
    double ExpectedNegativeLogLaplacePrior,
    double LaplaceShortcut,
    double Entropy,
    double BiologicalCost)
{
    /// <summary>-ELBO with the Gaussian prior.</summary>
    public double NegativeElbo => ExpectedNegativeLogLikelihood + ExpectedNegativeLogGaussianPrior - Entropy;

    /// <summary>The biological bound: -ELBO with -H[q] replaced by the biological cost.</summary>
    public double Bound => ExpectedNegativeLogLikelihood + ExpectedNegativeLogGaussianPrior + BiologicalCost;

    /// <summary>Bound - (-ELBO) = sum of the gaps, &gt;= 0.</summary>
    public double Gap => BiologicalCost + Entropy;

    /// <summary>-ELBO with the Laplace prior.</summary>
    public double NegativeElboLaplace => ExpectedNegativeLogLikelihood + ExpectedNegativeLogLaplacePrior - Entropy;

    /// <summary>How much the L1-on-mu shortcut lowers the Laplace -ELBO: sum (E|w_i| - |mu_i|)/b &gt;= 0.</summary>
    public double ShortcutChange => ExpectedNegativeLogLaplacePrior - LaplaceShortcut;
}
