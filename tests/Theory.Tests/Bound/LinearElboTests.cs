using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Theory.Analytic;
using Theory.Bound;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Bound;

public class LinearElboTests
{
    [Property(MaxTest = 40)]
    public Property Closed_form_negative_elbo_is_at_most_the_biological_bound_on_random_problems() =>
        Prop.ForAll((from seed in Gen.Choose(1, 100000)
                     from d in Gen.Choose(2, 10)
                     from rho in Ranges.LogUniform(0.05, 5)
                     from s in Ranges.LogUniform(1e-4, 1)
                     from lambda in Ranges.LogUniform(1e-2, 1e2)
                     select (seed, d, rho, s, lambda)).ToArbitrary(), p =>
        {
            var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(p.d, 60, RateMin: 0.2, RateMax: 0.9, Seed: (ulong)p.seed));
            LinearGaussianModel model = data.Model(1.0);
            double[] sigma = [.. model.OptimalSigmas(p.rho, p.s, p.lambda).Select(v => double.IsInfinity(v) ? 1.0 : v)];
            double[] mu = [.. data.Teacher];
            ElboTerms t = LinearElbo.Terms(model, mu, sigma, 3, 10, p.rho, p.s);
            return (t.NegativeElbo <= t.Bound && t.Gap >= 0 && Math.Abs(t.Bound - t.NegativeElbo - EntropyBound.SummedGap(p.rho, p.s, sigma)) <= 1e-8 * Math.Abs(t.Bound))
                .Label($"-ELBO {t.NegativeElbo:R}, bound {t.Bound:R}");
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Closed_form_negative_elbo_equals_a_monte_carlo_estimate_within_4_standard_errors(bool laplace)
    {
        var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(6, 50, RateMin: 0.2, RateMax: 0.8, Seed: 4));
        LinearGaussianModel model = data.Model(1.5);
        double[] mu = [0.3, -1.2, 0.0, 2.0, 0.05, -0.4];
        double[] sigma = [0.1, 0.5, 0.3, 0.05, 0.2, 1.0];
        ElboTerms t = LinearElbo.Terms(model, mu, sigma, 2, 0.7, 1, 1e-2);
        double closed = laplace ? t.NegativeElboLaplace : t.NegativeElbo;
        (double mean, double se) = LinearElbo.MonteCarlo(model, mu, sigma, 2, laplace ? 0.7 : null, 20000, 9);
        Assert.True(Math.Abs(mean - closed) <= 4 * se, $"closed form {closed:R}, Monte Carlo {mean:R} +- {se:R}");
        Assert.True(se < 0.05 * Math.Abs(closed), $"standard error {se} too large to test anything");
    }

    [Fact]
    public void Folded_normal_mean_matches_quadrature_and_limits()
    {
        foreach ((double mu, double sigma) in new[] { (0.0, 1.0), (0.5, 0.3), (-2.0, 0.7), (1e-9, 1.0), (3.0, 1e-3) })
        {
            double sum = 0;
            const int n = 200_000;
            double lo = mu - 12 * sigma, h = 24 * sigma / n;
            for (int i = 0; i < n; i++)
            {
                double w = lo + (i + 0.5) * h;
                sum += Math.Abs(w) * Math.Exp(-0.5 * ((w - mu) / sigma) * ((w - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI)) * h;
            }

            Assert.Equal(sum, LinearElbo.FoldedNormalMean(mu, sigma), 1e-8);
            Assert.True(LinearElbo.FoldedNormalMean(mu, sigma) >= Math.Abs(mu));
        }

        Assert.Equal(Math.Sqrt(2 / Math.PI), LinearElbo.FoldedNormalMean(0, 1), 15);
    }

    [Fact]
    public void Bad_shapes_are_named()
    {
        var model = SyntheticLinearData.Generate(new SyntheticLinearData.Options(3, 10, Seed: 1)).Model(1);
        Assert.Equal("mu", Assert.Throws<ArgumentException>(() => LinearElbo.Terms(model, [1.0], [1.0, 1, 1], 1, 1, 1, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentException>(() => LinearElbo.Terms(model, [1.0, 1, 1], [1.0, 0, 1], 1, 1, 1, 1)).ParamName);
    }

    [Fact]
    public void The_l1_shortcut_is_the_laplace_prior_term_with_the_mean_for_the_weight()
    {
        var model = SyntheticLinearData.Generate(new SyntheticLinearData.Options(3, 10, Seed: 1)).Model(1);
        double[] mu = [0.4, -1.5, 0], sigma = [0.2, 0.6, 1.1];
        const double b = 0.8;
        ElboTerms t = LinearElbo.Terms(model, mu, sigma, 2, b, 1, 1e-2);
        double shortcut = 0, change = 0;
        for (int i = 0; i < 3; i++)
        {
            shortcut += (Math.Abs(mu[i]) / b) + Math.Log(2 * b);
            change += (LinearElbo.FoldedNormalMean(mu[i], sigma[i]) - Math.Abs(mu[i])) / b;
        }

        Assert.Equal(shortcut, t.LaplaceShortcut, 13);
        Assert.Equal(change, t.ShortcutChange, 13);
        Assert.True(t.ShortcutChange > 0);
    }

    [Fact]
    public void Monte_carlo_standard_errors_match_the_scatter_of_estimates_over_seeds()
    {
        // 4000 estimates of 3 draws each: their mean is the closed form to within its own error, and the mean squared
        // reported standard error (unbiased for the variance of an estimate) matches the estimates' sample variance.
        var model = SyntheticLinearData.Generate(new SyntheticLinearData.Options(2, 3, RateMin: 0.5, RateMax: 0.9, Seed: 3)).Model(1);
        double[] mu = [0.5, -0.3], sigma = [0.4, 0.7];
        double closed = LinearElbo.Terms(model, mu, sigma, 1.5, 1, 1, 1e-2).NegativeElbo;
        const int seeds = 4000;
        double[] means = new double[seeds];
        double meanSquaredError = 0;
        for (int k = 0; k < seeds; k++)
        {
            (means[k], double se) = LinearElbo.MonteCarlo(model, mu, sigma, 1.5, null, 3, (ulong)k + 1);
            meanSquaredError += se * se / seeds;
        }

        double grand = means.Average();
        double scatter = means.Sum(m => (m - grand) * (m - grand)) / (seeds - 1);
        Assert.True(Math.Abs(grand - closed) <= 4 * Math.Sqrt(scatter / seeds), $"closed {closed:R}, mean of estimates {grand:R}, scatter {scatter:R}");
        Assert.True(Math.Abs(closed) > 40 * Math.Sqrt(scatter / seeds), "the closed form is too near 0 to tell a biased mean");
        Assert.InRange(meanSquaredError / scatter, 0.85, 1.15);
    }
}
