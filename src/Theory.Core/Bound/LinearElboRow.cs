namespace Theory.Bound;

/// <summary>
/// One row of <c>theory bound --linear</c>: a mechanism's q = N(posterior mean, sigma*^2) in the linear Gaussian model,
/// its -ELBO terms and the sigma* of every synapse.
/// </summary>
/// <param name="Mechanism">Mechanism name.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="S">Reliability scale s.</param>
/// <param name="Sigma">sigma_i* of every synapse.</param>
/// <param name="Terms">-ELBO's terms and the bound.</param>
public sealed record LinearElboRow(string Mechanism, double Rho, double S, double[] Sigma, ElboTerms Terms);
