using Theory.Analytic;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Analytic;

public class TradeoffTests
{
    private const double S = 1e-3, Lambda = 0.7;

    private static double[] Importances(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Exp(6 * rng.NextDouble() - 2))]; // over 2.6 decades
    }

    // Brute force: the minimum over ln sigma of f by a fine grid, then golden-section refinement.
    private static double Minimum(Func<double, double> f)
    {
        double best = double.PositiveInfinity, at = 0;
        for (double u = -40; u <= 10; u += 0.01)
        {
            double v = f(Math.Exp(u));
            if (v < best)
            {
                best = v;
                at = u;
            }
        }

        double lo = at - 0.01, hi = at + 0.01, g = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 100; k++)
        {
            double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
            if (f(Math.Exp(a)) < f(Math.Exp(b)))
            {
                hi = b;
            }
            else
            {
                lo = a;
            }
        }

        return Math.Min(best, f(Math.Exp((lo + hi) / 2)));
    }

    [Theory]
    [InlineData(0.5, 1UL)]
    [InlineData(2.0 / 3, 2UL)]
    [InlineData(4.0 / 3, 3UL)]
    [InlineData(2.0, 4UL)]
    public void Both_losses_are_the_brute_force_minima(double rho, ulong seed)
    {
        double[] h = Importances(25, seed);
        double het = h.Sum(hi => Minimum(sigma => OptimalNoise.Cost(rho, S, Lambda, hi, sigma)));
        double hom = Minimum(sigma => h.Sum(hi => OptimalNoise.Cost(rho, S, Lambda, hi, sigma)));
        Assert.Equal(het, Tradeoff.HeterogeneousLoss(rho, S, Lambda, h), het * 1e-9);
        Assert.Equal(hom, Tradeoff.HomogeneousLoss(rho, S, Lambda, h), hom * 1e-9);
        Assert.Equal(hom, h.Sum(hi => OptimalNoise.Cost(rho, S, Lambda, hi, Tradeoff.HomogeneousSigma(rho, S, Lambda, h))), hom * 1e-12);
        Assert.Equal(het / hom, Tradeoff.LossRatio(rho, h), 1e-9);
        Assert.True(Tradeoff.LossRatio(rho, h) < 1);
    }

    [Fact]
    public void Equal_importances_make_both_settings_the_same()
    {
        double[] h = [3.5, 3.5, 3.5, 3.5];
        Assert.Equal(1, Tradeoff.LossRatio(1, h), 15);
        Assert.Equal(1, Tradeoff.ExcessCostRatio(1, h), 15);
        Assert.Equal(Tradeoff.HomogeneousLoss(1, S, Lambda, h), Tradeoff.HeterogeneousLoss(1, S, Lambda, h), 1e-12);
    }

    [Theory]
    [InlineData(0.5, 5UL, 40.0)]
    [InlineData(2.0, 6UL, 3.0)]
    public void At_a_fixed_reliability_cost_no_allocation_beats_the_heterogeneous_one(double rho, ulong seed, double reliability)
    {
        double[] h = Importances(12, seed);
        double Reliability(double[] sigma) => sigma.Sum(sg => Math.Pow(S / sg, rho) / rho);
        double Performance(double[] sigma) => h.Zip(sigma, (hi, sg) => hi * sg * sg / 2).Sum();
        double[] ScaledTo(double[] sigma) // multiply every sigma by c so that the reliability cost is exactly R
        {
            double c = Math.Pow(Reliability(sigma) / reliability, 1 / rho);
            return [.. sigma.Select(sg => sg * c)];
        }

        double[] heterogeneous = ScaledTo([.. h.Select(hi => Math.Pow(hi, -1 / (2 + rho)))]);
        double[] homogeneous = ScaledTo([.. h.Select(_ => 1.0)]);
        Assert.Equal(reliability, Reliability(heterogeneous), reliability * 1e-12);
        Assert.Equal(Performance(heterogeneous), Tradeoff.HeterogeneousExcessCost(rho, S, reliability, h), Performance(heterogeneous) * 1e-10);
        Assert.Equal(Performance(homogeneous), Tradeoff.HomogeneousExcessCost(rho, S, reliability, h), Performance(homogeneous) * 1e-10);
        Assert.Equal(Performance(heterogeneous) / Performance(homogeneous), Tradeoff.ExcessCostRatio(rho, h), 1e-10);

        var rng = new Xoshiro256(seed + 100);
        for (int trial = 0; trial < 2000; trial++)
        {
            double[] other = ScaledTo([.. heterogeneous.Select(sg => sg * Math.Exp(rng.NextGaussian() * (trial % 2 == 0 ? 0.01 : 1)))]);
            Assert.True(Performance(other) >= Performance(heterogeneous) * (1 - 1e-12), $"trial {trial}: {Performance(other)} < {Performance(heterogeneous)}");
        }
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Tradeoff.PowerMean([], 1));
        Assert.Throws<ArgumentException>(() => Tradeoff.PowerMean([1, 0], 1));
        Assert.Throws<ArgumentException>(() => Tradeoff.LossRatio(0, [1, 2]));
        Assert.Throws<ArgumentException>(() => Tradeoff.HeterogeneousExcessCost(1, S, 0, [1, 2]));
    }
}
