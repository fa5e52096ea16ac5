using Theory.Analytic;
using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>
/// The trainer's options for the authors' other code paths (issue 30): the data term's weight D of network.py and
/// tradeoff.py, and sims-fig2and3.py's homogeneous setting, each against central differences of its own loss.
/// </summary>
public class AuthorsVariantsTests
{
    private static StochasticNetwork<double> Fresh(int pixels, SoftmaxTrainingOptions options, double[] mu, double[] phi)
    {
        var m = new StochasticNetwork<double>(pixels, options);
        mu.CopyTo(m.Mu);
        phi.CopyTo(m.Phi);
        m.RefreshSigma();
        return m;
    }

    [Theory]
    [InlineData(WeightEstimator.Sample, "", 10.0)]
    [InlineData(WeightEstimator.Sample, "6,4", 10.0)]
    [InlineData(WeightEstimator.Local, "6,4", 0.25)]
    public void Data_scale_gradient_is_the_derivative_of_D_CE_plus_the_costs(WeightEstimator estimator, string hidden, double scale)
    {
        const int pixels = 5, n = 30;
        ImageDataSet data = NetworkTestData.Tiny(n, pixels, 13);
        int[] rows = [0, 2, 5, 11, 19];
        int[] widths = hidden.Length == 0 ? [] : [.. hidden.Split(',').Select(int.Parse)];
        var options = new SoftmaxTrainingOptions(2.0 / 3, Kappa: 0.3, Lambda: 2, BatchSize: rows.Length, InitialSigma: 0.05, InitialMuRange: 0.6,
            Estimator: estimator, Seed: 6, Hidden: widths, Layout: NetworkLayout.Published, DataScale: scale);
        double Loss(double[] mu, double[] phi)
        {
            StochasticNetwork<double> m = Fresh(pixels, options, mu, phi);
            (double ce, _) = m.ComputeGradients(data, rows, n);
            (double rel, double mag) = m.Costs();
            return (scale * ce) + ((double)rows.Length / n * (rel + mag));
        }

        var start = new StochasticNetwork<double>(pixels, options);
        double[] mu0 = [.. start.Mu];
        double[] phi0 = [.. start.Phi.ToArray().Select((p, i) => p + (0.3 * Math.Cos(i)))];
        StochasticNetwork<double> model = Fresh(pixels, options, mu0, phi0);
        (double ceScaled, _) = model.ComputeGradients(data, rows, n);
        int nonZero = NetworkTestData.AssertCentralDifferences(Loss, mu0, phi0, model.MuGradient.ToArray(), model.PhiGradient.ToArray());
        Assert.True(nonZero > mu0.Length / 2, $"only {nonZero} of {mu0.Length} phi derivatives were far from 0");

        // The reported cross-entropy is the unscaled one, and D = 1 is the default objective bit for bit.
        StochasticNetwork<double> plain = Fresh(pixels, options with { DataScale = 1 }, mu0, phi0);
        (double ce1, _) = plain.ComputeGradients(data, rows, n);
        Assert.Equal(ce1, ceScaled);
        StochasticNetwork<double> unset = Fresh(pixels, new SoftmaxTrainingOptions(2.0 / 3, Kappa: 0.3, Lambda: 2, BatchSize: rows.Length, InitialSigma: 0.05,
            InitialMuRange: 0.6, Estimator: estimator, Seed: 6, Hidden: widths, Layout: NetworkLayout.Published), mu0, phi0);
        unset.ComputeGradients(data, rows, n);
        Assert.Equal(plain.MuGradient.ToArray(), unset.MuGradient.ToArray());
        Assert.Equal(plain.PhiGradient.ToArray(), unset.PhiGradient.ToArray());
    }

    [Theory]
    [InlineData("", 2.0)]
    [InlineData("6,4", 0.5)]
    public void Committed_homogeneous_gradient_is_the_derivative_of_the_committed_loss_along_one_phi(string hidden, double rho)
    {
        const int pixels = 5, n = 30;
        ImageDataSet data = NetworkTestData.Tiny(n, pixels, 14);
        int[] rows = [1, 3, 8, 13, 21, 29];
        int[] widths = hidden.Length == 0 ? [] : [.. hidden.Split(',').Select(int.Parse)];
        const double lambda = 0.7, s = 0.2, kappa = 0.3;
        var options = new SoftmaxTrainingOptions(rho, S: s, Kappa: kappa, Lambda: lambda, BatchSize: rows.Length, InitialSigma: 0.05, InitialMuRange: 0.6,
            Seed: 4, Hidden: widths, Layout: NetworkLayout.Published, Setting: NoiseSetting.Homogeneous, CommittedHomogeneous: true);
        var start = new StochasticNetwork<double>(pixels, options);
        double[] mu0 = [.. start.Mu];
        int p = mu0.Length;
        double scale = (double)rows.Length / n;

        // sims-fig2and3.py's loss, written out: the forward pass with sigma_bar = sqrt(mean sigma_i^2) on every parameter
        // (a heterogeneous network whose phis all give sigma_bar draws the same eps and so the same weights), plus
        // (B/N) [sum_i cost(sigma_i) + n cost(sigma_bar) + kappa sum |mu|].
        double Loss(double[] phi)
        {
            double[] sigma = [.. phi.Select(Softplus.Value)];
            double bar = Math.Sqrt(sigma.Sum(v => v * v) / p);
            var forward = options with { Setting = NoiseSetting.Heterogeneous, CommittedHomogeneous = false };
            StochasticNetwork<double> m = Fresh(pixels, forward, mu0, [.. Enumerable.Repeat(Softplus.Inverse(bar), p)]);
            (double ce, _) = m.ComputeGradients(data, rows, n);
            double own = sigma.Sum(v => ReliabilityCost.Value(rho, s, lambda, v));
            double shared = p * ReliabilityCost.Value(rho, s, lambda, bar);
            return ce + (scale * (own + shared + (kappa * mu0.Sum(Math.Abs))));
        }

        double phi0 = start.Phi[0];
        double[] phis = [.. Enumerable.Repeat(phi0, p)];
        StochasticNetwork<double> model = Fresh(pixels, options, mu0, phis);
        model.ComputeGradients(data, rows, n);
        double[] gPhi = model.PhiGradient.ToArray();
        Assert.All(gPhi, g => Assert.Equal(gPhi[0], g));
        const double h = 1e-6;
        foreach (int i in new[] { 0, p / 2, p - 1 })
        {
            double[] up = [.. phis], down = [.. phis];
            up[i] += h;
            down[i] -= h;
            double numeric = (Loss(up) - Loss(down)) / (2 * h);
            Assert.True(Math.Abs(numeric - gPhi[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"d/dphi[{i}]: analytic {gPhi[i]:G10}, numeric {numeric:G10}");
        }

        // Not the theory's tie: that one's gradient is the sum over parameters, the derivative along the shared phi.
        StochasticNetwork<double> theory = Fresh(pixels, options with { CommittedHomogeneous = false }, mu0, phis);
        theory.ComputeGradients(data, rows, n);
        Assert.NotEqual(theory.PhiGradient[0], gPhi[0], 1e-3 * Math.Abs(gPhi[0]));
    }

    [Fact]
    public void Committed_homogeneous_refuses_the_variational_objective_and_data_scale_must_be_positive()
    {
        var e = Assert.Throws<ArgumentException>(() => new SoftmaxTrainingOptions(2, Kappa: 0.1, Objective: TrainingObjective.Variational,
            Setting: NoiseSetting.Homogeneous, CommittedHomogeneous: true).Validate());
        Assert.Contains("no variational form", e.Message, StringComparison.Ordinal);
        foreach (double bad in new[] { 0.0, -1, double.NaN, double.PositiveInfinity })
        {
            e = Assert.Throws<ArgumentException>(() => new SoftmaxTrainingOptions(2, DataScale: bad).Validate());
            Assert.Equal("data-scale", e.ParamName);
        }
    }
}
