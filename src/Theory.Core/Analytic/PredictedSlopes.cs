namespace Theory.Analytic;

/// <summary>
/// The log-log slopes and intercept the theory predicts (THEORY.md sections 4 and 6).
/// Proofs: proofs/OptimalNoise.v (slope_log_importance, slope_log_variance).
/// </summary>
public static class PredictedSlopes
{
    /// <summary>d ln sigma*^2 / d ln A_ii = -2/(2+rho).</summary>
    public static double VersusImportance(double rho) => -2 / (2 + Checked(rho));

    /// <summary>d ln sigma*^2 / d ln v^MF in the large-prior limit: 2/(2+rho) (1 would be exactly Bayesian).</summary>
    public static double VersusMeanFieldVariance(double rho) => 2 / (2 + Checked(rho));

    /// <summary>
    /// The finite-prior slope against ln v^MF at one importance: 2/(2+rho) (1 + sigma_y^2/(sigma_0^2 A_ii)).
    /// </summary>
    public static double VersusMeanFieldVariance(double rho, double gramDiagonal, double sigmaY, double sigma0)
    {
        Guard.PositiveFinite(gramDiagonal, nameof(gramDiagonal));
        Guard.StandardDeviation(sigmaY, nameof(sigmaY));
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        return 2 / (2 + Checked(rho)) * (1 + sigmaY * sigmaY / (sigma0 * sigma0 * gramDiagonal));
    }

    /// <summary>d ln sigma*^2 / d ln lambda = 2/(2+rho).</summary>
    public static double VersusLambda(double rho) => 2 / (2 + Checked(rho));

    /// <summary>d ln sigma*^2 / d ln r_i = -2/(2+rho) for binary inputs active at rate r_i.</summary>
    public static double VersusInputRate(double rho) => -2 / (2 + Checked(rho));

    /// <summary>d ln sigma^2 / d ln eta_i = 4/(2+rho), with eta_i Adam's per-synapse rate ~ F^(-1/2).</summary>
    public static double VersusAdamLearningRate(double rho) => 4 / (2 + Checked(rho));

    /// <summary>
    /// d ln eta / d ln CV = (2+rho)/2: the learning rate against the coefficient of variation CV = sigma / w, inverting
    /// <see cref="VersusAdamLearningRate"/> with ln sigma^2 = 2 ln CV + ln w^2 at a w unrelated to CV (THEORY.md section
    /// 12 gives the slope against ln eta; this form, for the Sjöström data's CV, is the project's derivation).
    /// </summary>
    public static double LearningRateVersusCoefficientOfVariation(double rho) => (2 + Checked(rho)) / 2;

    /// <summary>A static Bayesian synapse (THEORY.md section 7): posterior variance ~ 1/r, d ln s^2 / d ln r = -1.</summary>
    public const double StaticBayesianVersusInputRate = -1;

    /// <summary>A drifting Bayesian synapse's steady state (section 7): d ln s^2 / d ln r = -1/2.</summary>
    public const double DriftingBayesianVersusInputRate = -0.5;

    /// <summary>
    /// The Bayesian synapse's learning rate is its posterior variance (eta ~ s^2, section 12), so with s = CV w at a w
    /// unrelated to CV, d ln eta / d ln CV = 2.
    /// </summary>
    public const double BayesianLearningRateVersusCoefficientOfVariation = 2;

    /// <summary>Intercept of ln sigma*^2 against ln H: (2/(2+rho)) ln(lambda s^rho).</summary>
    public static double Intercept(double rho, double s, double lambda)
    {
        Guard.PositiveFinite(s, nameof(s));
        Guard.PositiveFinite(lambda, nameof(lambda));
        return 2 / (2 + Checked(rho)) * (Math.Log(lambda) + rho * Math.Log(s));
    }

    private static double Checked(double rho)
    {
        Guard.PositiveFinite(rho, nameof(rho));
        return rho;
    }
}
