using Theory.Analytic;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Analytic;

public class PredictedSlopesTests
{
    [Theory]
    [InlineData(Mechanism.Calcium, 0.8)]
    [InlineData(Mechanism.Membrane, 0.75)]
    [InlineData(Mechanism.Actin, 0.6)]
    [InlineData(Mechanism.Trafficking, 0.5)]
    public void Slopes_against_posterior_variance_are_the_papers_table(Mechanism mechanism, double expected)
    {
        double rho = mechanism.Rho();
        Assert.Equal(expected, PredictedSlopes.VersusMeanFieldVariance(rho), 14);
        Assert.Equal(-expected, PredictedSlopes.VersusImportance(rho), 14);
        Assert.Equal(expected, PredictedSlopes.VersusLambda(rho), 14);
        Assert.Equal(-expected, PredictedSlopes.VersusInputRate(rho), 14);
        Assert.Equal(2 * expected, PredictedSlopes.VersusAdamLearningRate(rho), 14);
    }

    [Fact]
    public void Closed_form_sigma_has_the_predicted_slope_and_intercept_against_importance()
    {
        const double rho = 4.0 / 3, s = 1e-3, lambda = 2;
        double[] logA = [.. Enumerable.Range(0, 25).Select(k => -3 + 0.5 * k)];
        double[] logS2 = [.. logA.Select(la => 2 * Math.Log(OptimalNoise.Sigma(rho, s, lambda, Math.Exp(la))))];
        LinearFit fit = LinearFit.Of(logA, logS2);
        Assert.Equal(PredictedSlopes.VersusImportance(rho), fit.Slope, 12);
        Assert.Equal(PredictedSlopes.Intercept(rho, s, lambda), fit.Intercept, 11);
    }

    [Fact]
    public void Finite_prior_slope_against_mean_field_variance_matches_the_local_derivative()
    {
        const double rho = 0.5, sigmaY = 1.5, sigma0 = 0.7, a = 3;
        // ln sigma*^2 and ln v_MF as functions of ln A_ii; their derivative ratio at A = a.
        double Ls(double la) => 2 * Math.Log(OptimalNoise.Sigma(rho, 1e-3, 1, Math.Exp(la) / (sigmaY * sigmaY)));
        double Lv(double la) => Math.Log(Posterior.MeanFieldVariances([Math.Exp(la)], sigmaY, sigma0)[0]);
        double h = 1e-5, la0 = Math.Log(a);
        double numeric = (Ls(la0 + h) - Ls(la0 - h)) / (Lv(la0 + h) - Lv(la0 - h));
        Assert.Equal(PredictedSlopes.VersusMeanFieldVariance(rho, a, sigmaY, sigma0), numeric, 7);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(4.0 / 3)]
    public void Learning_rate_against_cv_inverts_the_adam_slope_through_ln_sigma_squared_equal_2_ln_cv(double rho)
    {
        // d ln eta / d ln CV = (d ln eta / d ln sigma^2)(d ln sigma^2 / d ln CV) = 2 / (4/(2+rho)).
        Assert.Equal(2 / PredictedSlopes.VersusAdamLearningRate(rho), PredictedSlopes.LearningRateVersusCoefficientOfVariation(rho), 14);
        Assert.Equal(1 + (rho / 2), PredictedSlopes.LearningRateVersusCoefficientOfVariation(rho), 14);
    }
}
