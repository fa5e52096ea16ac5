using Theory.Analytic;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Analytic;

public class BiophysicalCostTests
{
    [Theory]
    [InlineData(Mechanism.Calcium, 0.5)]
    [InlineData(Mechanism.Membrane, 2.0 / 3)]
    [InlineData(Mechanism.Actin, 4.0 / 3)]
    [InlineData(Mechanism.Trafficking, 2.0)]
    public void Each_mechanism_costs_sigma_to_the_minus_rho_at_fixed_mean(Mechanism mechanism, double rho)
    {
        Assert.Equal(rho, mechanism.Rho());
        double mu = 0.7;
        double held = mechanism == Mechanism.Calcium ? 5.0 : 0.3; // n for calcium, p otherwise
        // Sigma over four decades below mu, so p stays inside (0, 1).
        double[] logSigma = [.. Enumerable.Range(0, 41).Select(k => Math.Log(mu) - 6 + 0.1 * k)];
        double[] logCost = [.. logSigma.Select(ls => Math.Log(BiophysicalCost.Cost(mechanism, Math.Exp(ls), mu, held)))];
        Assert.Equal(-rho, LinearFit.Of(logSigma, logCost).Slope, 9);
    }

    [Fact]
    public void Quantal_moments_follow_katz_miledi()
    {
        Assert.Equal(3.0, QuantalModel.Mean(10, 0.3, 1), 14);
        Assert.Equal(10 * 0.3 * 0.7 * 4, QuantalModel.Variance(10, 0.3, 2), 14);
        Assert.Equal(0.7 / 3, QuantalModel.CoefficientOfVariationSquared(10, 0.3), 15);
    }

    [Fact]
    public void Inverting_for_p_and_n_reproduces_sigma()
    {
        double mu = 2, sigma = 0.3;
        double p = QuantalModel.ReleaseProbability(sigma, mu, 8);
        Assert.Equal(sigma * sigma, QuantalModel.Variance(8, p, mu / (8 * p)), 12);
        double n = QuantalModel.ReleaseSites(sigma, mu, 0.4);
        Assert.Equal(sigma * sigma, QuantalModel.Variance(n, 0.4, mu / (n * 0.4)), 12);
    }

    [Fact]
    public void Bad_quantal_parameters_are_named()
    {
        Assert.Equal("p", Assert.Throws<ArgumentException>(() => QuantalModel.Mean(1, 1.5, 1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => QuantalModel.Variance(0, 0.5, 1)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentException>(() => QuantalModel.ReleaseSites(1, 1, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => QuantalModel.ReleaseProbability(double.NaN, 1, 1)).ParamName);
    }

    [Theory]
    [InlineData("calcium", Mechanism.Calcium)]
    [InlineData("Trafficking", Mechanism.Trafficking)]
    [InlineData(" actin ", Mechanism.Actin)]
    public void Mechanism_names_parse(string name, Mechanism expected) => Assert.Equal(expected, Mechanisms.Parse(name));

    [Fact]
    public void Unknown_mechanism_is_an_argument_error() =>
        Assert.Contains("unknown mechanism 'vesicles'", Assert.Throws<ArgumentException>(() => Mechanisms.Parse("vesicles")).Message, StringComparison.Ordinal);

    [Fact]
    public void Costs_at_one_point_match_the_quantal_parameters_worked_by_hand()
    {
        // mu 1, sigma 0.5, p 0.5: n = mu^2 (1 - p)/(p sigma^2) = 4 sites of q = mu/(n p) = 0.5.
        Assert.Equal(4, QuantalModel.ReleaseSites(0.5, 1, 0.5), 14);
        Assert.Equal(4 * Math.Pow(0.5, 2.0 / 3), BiophysicalCost.Cost(Mechanism.Membrane, 0.5, 1, 0.5), 14);
        Assert.Equal(4 * Math.Pow(0.5, 1.0 / 3), BiophysicalCost.Cost(Mechanism.Actin, 0.5, 1, 0.5), 14);
        Assert.Equal(4, BiophysicalCost.Cost(Mechanism.Trafficking, 0.5, 1, 0.5), 14);
        // Calcium at n = 4: p = 1/(1 + n sigma^2/mu^2) = 0.5, odds 1, cost odds^(1/4) = 1.
        Assert.Equal(1, BiophysicalCost.Cost(Mechanism.Calcium, 0.5, 1, 4), 14);
    }

    [Fact]
    public void The_mean_scales_with_q_and_p_may_be_one()
    {
        Assert.Equal(6.0, QuantalModel.Mean(10, 0.3, 2), 14);
        Assert.Equal(3.0, QuantalModel.Mean(2, 1, 1.5), 14);
        Assert.Equal(0, QuantalModel.Variance(2, 1, 1.5));
        Assert.Equal(0, QuantalModel.CoefficientOfVariationSquared(2, 1));
    }
}
