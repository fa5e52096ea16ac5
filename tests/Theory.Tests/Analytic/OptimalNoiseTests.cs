using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Theory.Analytic;
using Xunit;

namespace Theory.Tests.Analytic;

public class OptimalNoiseTests
{
    [Property(MaxTest = 500)]
    public Property Sigma_is_a_zero_of_the_derivative_by_finite_differences() =>
        Prop.ForAll(Ranges.NoiseProblem.ToArbitrary(), p =>
        {
            double sigma = OptimalNoise.Sigma(p.Rho, p.S, p.Lambda, p.Importance);
            // Central difference in ln sigma, relative to the size of the two cost terms.
            double h = 1e-5;
            double up = OptimalNoise.Cost(p.Rho, p.S, p.Lambda, p.Importance, sigma * Math.Exp(h));
            double down = OptimalNoise.Cost(p.Rho, p.S, p.Lambda, p.Importance, sigma * Math.Exp(-h));
            double scale = OptimalNoise.Cost(p.Rho, p.S, p.Lambda, p.Importance, sigma);
            double slope = (up - down) / (2 * h) / scale;
            return (Math.Abs(slope) < 1e-6).Label($"relative d cost / d ln sigma = {slope:G3} at {p}");
        });

    [Property(MaxTest = 500)]
    public Property No_random_sigma_gives_a_lower_cost() =>
        Prop.ForAll((from p in Ranges.NoiseProblem from k in Ranges.LogUniform(1e-4, 1e4) select (p, k)).ToArbitrary(), x =>
        {
            var (p, k) = x;
            double sigma = OptimalNoise.Sigma(p.Rho, p.S, p.Lambda, p.Importance);
            double best = OptimalNoise.Cost(p.Rho, p.S, p.Lambda, p.Importance, sigma);
            double other = OptimalNoise.Cost(p.Rho, p.S, p.Lambda, p.Importance, sigma * k);
            return (other >= best * (1 - 1e-13)).Label($"cost at {k:G3} sigma* = {other:G17} < {best:G17}");
        });

    [Property(MaxTest = 300)]
    public Property Sigma_scales_as_importance_and_lambda_to_the_power_minus_and_plus_one_over_two_plus_rho() =>
        Prop.ForAll((from p in Ranges.NoiseProblem from k in Ranges.LogUniform(1e-3, 1e3) select (p, k)).ToArbitrary(), x =>
        {
            var (p, k) = x;
            double sigma = OptimalNoise.Sigma(p.Rho, p.S, p.Lambda, p.Importance);
            double byImportance = OptimalNoise.Sigma(p.Rho, p.S, p.Lambda, p.Importance * k) / sigma;
            double byLambda = OptimalNoise.Sigma(p.Rho, p.S, p.Lambda * k, p.Importance) / sigma;
            double expected = Math.Pow(k, 1 / (2 + p.Rho));
            return (Math.Abs(byImportance * expected - 1) < 1e-12 && Math.Abs(byLambda / expected - 1) < 1e-12)
                .Label($"ratios {byImportance:G17}, {byLambda:G17}, k^(1/(2+rho)) = {expected:G17}");
        });

    [Theory]
    [InlineData(0.5, 1e-3, 1.0, 10.0)]
    [InlineData(2.0 / 3, 1e-3, 1.0, 1e4)]
    [InlineData(4.0 / 3, 1e-2, 0.1, 3.0)]
    [InlineData(2.0, 1e-3, 5.0, 1e-3)]
    [InlineData(0.05, 1e-6, 1e3, 1e6)]
    public void Sigma_matches_brute_force_golden_section_minimisation(double rho, double s, double lambda, double importance)
    {
        // Golden-section search on ln sigma over 60 decades, independent of the closed form.
        double a = Math.Log(1e-30), b = Math.Log(1e30);
        double g = (Math.Sqrt(5) - 1) / 2;
        double Cost(double u) => OptimalNoise.Cost(rho, s, lambda, importance, Math.Exp(u));
        for (int i = 0; i < 200; i++)
        {
            double c = b - g * (b - a), d = a + g * (b - a);
            if (Cost(c) < Cost(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        double brute = Math.Exp((a + b) / 2);
        Assert.Equal(1.0, brute / OptimalNoise.Sigma(rho, s, lambda, importance), 6);
    }

    [Fact]
    public void Published_setting_reference_values()
    {
        // (lambda s^rho / A)^(1/(2+rho)) evaluated by hand: rho = 2, s = 1e-3, A = 1e2 -> (1e-8)^(1/4) = 1e-2.
        Assert.Equal(1e-2, OptimalNoise.Sigma(2, 1e-3, 1, 1e2), 15);
        // rho = 1/2, s = 1e-2, A = 1e-1 -> (0.1 / 0.1)^(0.4) = 1.
        Assert.Equal(1.0, OptimalNoise.Sigma(0.5, 1e-2, 1, 1e-1), 14);
    }

    [Fact]
    public void A_huge_rho_gives_sigma_near_s_not_zero()
    {
        // rho ln s overflows at rho = 3e307: sigma* = s^(rho/(2+rho)) (lambda/h)^(1/(2+rho)) -> s.
        Assert.Equal(1e-3, OptimalNoise.Sigma(3e307, 1e-3, 1, 1), 1e-15);
        Assert.Equal(2 * Math.Log(1e-3), OptimalNoise.LogSigmaSquared(3e307, 1e-3, 1, 1), 1e-12);
        Assert.Equal(OptimalNoise.Sigma(2, 1e-3, 1, 4), Math.Exp(OptimalNoise.LogSigmaSquared(2, 1e-3, 1, 4) / 2), 1e-15);
    }

    [Fact]
    public void Zero_importance_is_unconstrained_and_infinite_not_nan()
    {
        Assert.True(OptimalNoise.IsUnconstrained(0));
        Assert.Equal(double.PositiveInfinity, OptimalNoise.Sigma(1, 1e-3, 1, 0));
        Assert.Equal(double.PositiveInfinity, OptimalNoise.LogSigmaSquared(1, 1e-3, 1, 0));
        double[] sigmas = OptimalNoise.Sigmas(1, 1e-3, 1, [0, 1, 0]);
        Assert.Equal([double.PositiveInfinity, OptimalNoise.Sigma(1, 1e-3, 1, 1), double.PositiveInfinity], sigmas);
    }

    [Fact]
    public void Log_sigma_squared_agrees_with_sigma()
    {
        double sigma = OptimalNoise.Sigma(4.0 / 3, 1e-3, 2, 37);
        Assert.Equal(2 * Math.Log(sigma), OptimalNoise.LogSigmaSquared(4.0 / 3, 1e-3, 2, 37), 12);
    }

    [Theory]
    [InlineData(0.0, 1e-3, 1.0, 1.0, "rho")]
    [InlineData(-1.0, 1e-3, 1.0, 1.0, "rho")]
    [InlineData(double.NaN, 1e-3, 1.0, 1.0, "rho")]
    [InlineData(double.PositiveInfinity, 1e-3, 1.0, 1.0, "rho")]
    [InlineData(1.0, 0.0, 1.0, 1.0, "s")]
    [InlineData(1.0, double.NaN, 1.0, 1.0, "s")]
    [InlineData(1.0, 1e-3, 0.0, 1.0, "lambda")]
    [InlineData(1.0, 1e-3, double.NegativeInfinity, 1.0, "lambda")]
    [InlineData(1.0, 1e-3, 1.0, -1.0, "importance")]
    [InlineData(1.0, 1e-3, 1.0, double.NaN, "importance")]
    [InlineData(1.0, 1e-3, 1.0, double.PositiveInfinity, "importance")]
    public void Invalid_parameters_throw_naming_the_parameter(double rho, double s, double lambda, double importance, string name)
    {
        var e = Assert.Throws<ArgumentException>(() => OptimalNoise.Sigma(rho, s, lambda, importance));
        Assert.Equal(name, e.ParamName);
    }

    [Theory]
    [InlineData(0.5, 1e-3, 2.0, 3.0, 0.01)]
    [InlineData(2.0, 0.1, 0.5, 40.0, 0.2)]
    public void Cost_derivative_is_the_central_difference_of_the_cost(double rho, double s, double lambda, double importance, double sigma)
    {
        double h = 1e-6 * sigma;
        double numeric = (OptimalNoise.Cost(rho, s, lambda, importance, sigma + h) - OptimalNoise.Cost(rho, s, lambda, importance, sigma - h)) / (2 * h);
        double analytic = OptimalNoise.CostDerivative(rho, s, lambda, importance, sigma);
        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 * Math.Abs(analytic), $"analytic {analytic:R}, numeric {numeric:R}");
        Assert.Equal(0, OptimalNoise.CostDerivative(rho, s, lambda, importance, OptimalNoise.Sigma(rho, s, lambda, importance)), 9);
    }

    [Fact]
    public void A_huge_rho_with_lambda_unlike_h_still_gives_sigma_near_s()
    {
        // rho ln s overflows; (ln lambda - ln h)/(2 + rho) is then below an ulp of ln s, so sigma* = s to rounding.
        Assert.Equal(1e-3, OptimalNoise.Sigma(3e307, 1e-3, 40, 0.025), 1e-15);
        Assert.Equal(2 * Math.Log(1e-3), OptimalNoise.LogSigmaSquared(3e307, 1e-3, 40, 0.025), 1e-12);
    }
}
