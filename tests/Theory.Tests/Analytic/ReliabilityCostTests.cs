using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Theory.Analytic;
using Xunit;

namespace Theory.Tests.Analytic;

public class ReliabilityCostTests
{
    [Property(MaxTest = 1000)]
    public Property Value_is_never_nan_over_sigma_from_1e_minus_300_to_1e300() =>
        Prop.ForAll((from rho in Ranges.LogUniform(0.05, 5)
                     from s in Ranges.LogUniform(1e-6, 1)
                     from sigma in Ranges.LogUniform(1e-300, 1e300)
                     select (rho, s, sigma)).ToArbitrary(), p =>
        {
            double value = ReliabilityCost.Value(p.rho, p.s, 1, p.sigma);
            double log = ReliabilityCost.LogValue(p.rho, p.s, 1, p.sigma);
            double expectedLog = -Math.Log(p.rho) + p.rho * (Math.Log(p.s) - Math.Log(p.sigma));
            // Outside the double range the value saturates (true value > 1.8e308, or below the subnormals).
            bool consistent = double.IsPositiveInfinity(value) ? log > 709
                : value == 0 ? log < -744
                : value < 1e-300 || Math.Abs(Math.Log(value) - log) <= 1e-9 * Math.Max(1, Math.Abs(log));
            return (!double.IsNaN(value) && double.IsFinite(log) && Math.Abs(log - expectedLog) <= 1e-12 * Math.Max(1, Math.Abs(log)) && consistent)
                .Label($"value {value:G17}, log {log:G17}");
        });

    [Theory]
    [InlineData(0.5, 1e-3, 1.0, 1e-300)]
    [InlineData(2.0, 1e-3, 1.0, 1e300)]
    [InlineData(2.0, 1e-3, 1.0, 1e-200)]
    public void Extremes_give_a_finite_log_and_no_nan(double rho, double s, double lambda, double sigma)
    {
        Assert.False(double.IsNaN(ReliabilityCost.Value(rho, s, lambda, sigma)));
        Assert.True(double.IsFinite(ReliabilityCost.LogValue(rho, s, lambda, sigma)));
        Assert.False(double.IsNaN(ReliabilityCost.Derivative(rho, s, lambda, sigma)));
    }

    [Fact]
    public void Value_at_sigma_equal_s_is_lambda_over_rho() =>
        Assert.Equal(3.0 / 0.5, ReliabilityCost.Value(0.5, 0.01, 3, 0.01), 13);

    [Theory]
    [InlineData(0.5, 1e-3, 1.0, 2e-3)]
    [InlineData(2.0, 1e-2, 0.3, 5e-4)]
    [InlineData(4.0 / 3, 1.0, 7.0, 3.0)]
    public void Derivative_matches_central_differences(double rho, double s, double lambda, double sigma)
    {
        double h = sigma * 1e-6;
        double numeric = (ReliabilityCost.Value(rho, s, lambda, sigma + h) - ReliabilityCost.Value(rho, s, lambda, sigma - h)) / (2 * h);
        Assert.Equal(1.0, ReliabilityCost.Derivative(rho, s, lambda, sigma) / numeric, 8);
    }

    [Fact]
    public void Bad_sigma_is_named() =>
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => ReliabilityCost.Value(1, 1, 1, 0)).ParamName);
}
