using Theory.Analytic;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Analytic;

/// <summary>Mean-field VI (THEORY.md section 11): the closed-form KL, the linear model's optimum, and the network's ELBO gradient.</summary>
public class VariationalTests
{
    [Fact]
    public void Closed_form_kl_matches_a_monte_carlo_estimate()
    {
        double[] mu = [0.3, -1.2, 0, 2.5], sigma = [0.1, 0.8, 1.7, 0.02];
        const double sigma0 = 1.3;
        double closed = Variational.KullbackLeibler(mu, sigma, sigma0);
        var rng = new Theory.Stats.Xoshiro256(4);
        const int n = 400_000;
        double sum = 0, sumSq = 0;
        for (int t = 0; t < n; t++)
        {
            double logRatio = 0;
            for (int i = 0; i < mu.Length; i++)
            {
                double eps = rng.NextGaussian(), w = mu[i] + (sigma[i] * eps);
                // ln q(w) - ln p(w), the 1/sqrt(2 pi) cancelling
                logRatio += -Math.Log(sigma[i]) - (0.5 * eps * eps) + Math.Log(sigma0) + (0.5 * w * w / (sigma0 * sigma0));
            }

            sum += logRatio;
            sumSq += logRatio * logRatio;
        }

        double mean = sum / n, se = Math.Sqrt(((sumSq / n) - (mean * mean)) / n);
        Assert.True(Math.Abs(mean - closed) < 4 * se, $"closed {closed}, Monte-Carlo {mean} +- {se}");
        Assert.Equal(0, Variational.KullbackLeibler([0.0], [sigma0], sigma0), 15);
        Assert.Equal(1 / (4.0 + (1 / (sigma0 * sigma0))), Variational.OptimalVariance(4, sigma0), 15);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(0.3)]
    public void Linear_vi_on_the_exact_loss_reaches_the_mean_field_optimum_and_the_posterior_mean(double sigma0)
    {
        LinearGaussianModel model = SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 30, Samples: 800, Seed: 6)).Model(1.0);
        var options = new StochasticLinearRegression.Options(1, Steps: 4000, Objective: TrainingObjective.Variational, PriorSigma: sigma0);
        StochasticLinearRegression.Result r = StochasticLinearRegression.Train(model, options);
        double[] v = model.MeanFieldVariances(sigma0);
        double[] mean = Posterior.Mean(model.Gram, model.Moment, 1, sigma0);
        double worst = r.Sigma.Select((s, i) => Math.Abs((s * s / v[i]) - 1)).Max();
        Assert.True(worst < 1e-5, $"max |sigma^2 / (1/P_ii) - 1| = {worst:G3}");
        double meanError = r.Mu.Select((m, i) => Math.Abs(m - mean[i])).Max();
        Assert.True(meanError < 1e-6, $"max |mu - posterior mean| = {meanError:G3}");
    }

    [Theory]
    [InlineData(WeightEstimator.Sample, "")]
    [InlineData(WeightEstimator.Local, "")]
    [InlineData(WeightEstimator.Sample, "6,4")]
    [InlineData(WeightEstimator.Local, "6,4")]
    public void Network_elbo_gradient_matches_central_differences(WeightEstimator estimator, string hidden)
    {
        const int pixels = 5, n = 30;
        var data = Theory.Tests.Training.NetworkTestData.Tiny(n, pixels, 13);
        int[] rows = [0, 2, 5, 11, 19, 27];
        int[] widths = hidden.Length == 0 ? [] : [.. hidden.Split(',').Select(int.Parse)];
        var options = new SoftmaxTrainingOptions(1, BatchSize: rows.Length, InitialSigma: 0.05, InitialMuRange: 0.6, Estimator: estimator, Seed: 2,
            Hidden: widths, Objective: TrainingObjective.Variational, PriorSigma: 0.7);
        StochasticNetwork<double> Fresh(double[] mu, double[] phi)
        {
            var m = new StochasticNetwork<double>(pixels, options);
            mu.CopyTo(m.Mu);
            phi.CopyTo(m.Phi);
            m.RefreshSigma();
            return m;
        }

        double Loss(double[] mu, double[] phi)
        {
            StochasticNetwork<double> m = Fresh(mu, phi);
            (double ce, _) = m.ComputeGradients(data, rows, n);
            (double kl, double zero) = m.Costs();
            Assert.Equal(0, zero);
            return ce + ((double)rows.Length / n * kl);
        }

        var start = new StochasticNetwork<double>(pixels, options);
        double[] mu0 = [.. start.Mu], phi0 = [.. start.Phi.ToArray().Select((p, i) => p + (0.4 * Math.Cos(i)))];
        StochasticNetwork<double> model = Fresh(mu0, phi0);
        model.ComputeGradients(data, rows, n);
        double[] gMu = model.MuGradient.ToArray(), gPhi = model.PhiGradient.ToArray();
        int nonZero = Theory.Tests.Training.NetworkTestData.AssertCentralDifferences(Loss, mu0, phi0, gMu, gPhi);
        Assert.True(nonZero > mu0.Length / 2, $"only {nonZero} of {mu0.Length} phi derivatives were far from 0");

        var noPrior = options with { Kappa = 0, PriorSigma = null };
        Assert.StartsWith("variational Bayes needs a proper prior", Assert.Throws<ArgumentException>(noPrior.Validate).Message, StringComparison.Ordinal);
    }
}
