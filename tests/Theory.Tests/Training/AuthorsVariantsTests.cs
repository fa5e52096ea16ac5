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

    [Theory]
    [InlineData(WeightEstimator.Sample, "", false)]
    [InlineData(WeightEstimator.Sample, "6,4", false)]
    [InlineData(WeightEstimator.Local, "6,4", false)]
    [InlineData(WeightEstimator.Sample, "6,4", true)]
    public void Weights_only_and_cost_free_gradients_are_the_derivatives_of_their_losses(WeightEstimator estimator, string hidden, bool costOff)
    {
        const int pixels = 5, n = 30;
        const double rho = 2.0 / 3, s = 0.3, lambda = 2, kappa = 0.3;
        ImageDataSet data = NetworkTestData.Tiny(n, pixels, 15);
        int[] rows = [0, 4, 7, 12, 25];
        int[] widths = hidden.Length == 0 ? [] : [.. hidden.Split(',').Select(int.Parse)];
        var options = new SoftmaxTrainingOptions(rho, S: s, Kappa: kappa, Lambda: lambda, BatchSize: rows.Length, InitialSigma: 0.05, InitialMuRange: 0.6,
            Estimator: estimator, Seed: 8, Hidden: widths, Layout: NetworkLayout.Published, CostOnBiases: costOff);
        var shape = new NetworkShape(pixels, widths, ImageDataSet.Classes, NetworkLayout.Published);
        bool IsBias(int i) => Enumerable.Range(0, shape.Layers).Any(l => i >= shape.BiasOffset[l] && i < shape.BiasOffset[l] + shape.Outputs[l]);

        // The loss written out from its parts: no reliability cost at all when off, else on the weights only.
        double Loss(double[] mu, double[] phi)
        {
            StochasticNetwork<double> m = Fresh(pixels, options, mu, phi);
            m.ReliabilityCostOn = !costOff;
            (double ce, _) = m.ComputeGradients(data, rows, n);
            double rel = costOff ? 0 : phi.Select((v, i) => IsBias(i) ? 0 : ReliabilityCost.Value(rho, s, lambda, Softplus.Value(v))).Sum();
            return ce + ((double)rows.Length / n * (rel + (kappa * mu.Sum(Math.Abs))));
        }

        var start = new StochasticNetwork<double>(pixels, options);
        double[] mu0 = [.. start.Mu];
        double[] phi0 = [.. start.Phi.ToArray().Select((p, i) => p + (0.3 * Math.Cos(i)))];
        StochasticNetwork<double> model = Fresh(pixels, options, mu0, phi0);
        model.ReliabilityCostOn = !costOff;
        model.ComputeGradients(data, rows, n);
        int nonZero = NetworkTestData.AssertCentralDifferences(Loss, mu0, phi0, model.MuGradient.ToArray(), model.PhiGradient.ToArray());
        Assert.True(nonZero > mu0.Length / 2, $"only {nonZero} of {mu0.Length} phi derivatives were far from 0");

        // Against the default objective: the mu gradients are the same bits, and the phi gradients differ by the
        // reliability derivative exactly where the variant drops it.
        StochasticNetwork<double> all = Fresh(pixels, options with { CostOnBiases = true }, mu0, phi0);
        all.ComputeGradients(data, rows, n);
        Assert.Equal(all.MuGradient.ToArray(), model.MuGradient.ToArray());
        for (int i = 0; i < mu0.Length; i++)
        {
            double dropped = model.PhiGradient[i] - all.PhiGradient[i];
            if (costOff || IsBias(i))
            {
                double expected = -(double)rows.Length / n * ReliabilityCost.Derivative(rho, s, lambda, Softplus.Value(phi0[i])) * Softplus.Derivative(phi0[i]);
                Assert.True(Math.Abs(dropped - expected) <= 1e-9 * (Math.Abs(expected) + Math.Abs(all.PhiGradient[i])), $"phi[{i}]: dropped {dropped:G10}, expected {expected:G10}");
            }
            else
            {
                Assert.Equal(0, dropped);
            }
        }

        // What Costs() reports: the weights' cost only, summed as the test sums it.
        if (!costOff)
        {
            double weightsOnly = phi0.Select((v, i) => IsBias(i) ? 0 : ReliabilityCost.Value(rho, s, lambda, Softplus.Value(v))).Sum();
            Assert.Equal(weightsOnly, model.Costs().Reliability, 1e-12 * weightsOnly);
        }

        // Float agrees with double on the bias gradients the variant changes.
        var single = new StochasticNetwork<float>(pixels, options with { SinglePrecision = true });
        for (int i = 0; i < mu0.Length; i++)
        {
            single.Mu[i] = (float)mu0[i];
            single.Phi[i] = (float)phi0[i];
        }

        single.RefreshSigma();
        single.ReliabilityCostOn = !costOff;
        single.ComputeGradients(data, rows, n);
        for (int i = 0; i < mu0.Length; i++)
        {
            Assert.True(Math.Abs(single.PhiGradient[i] - model.PhiGradient[i]) <= 1e-3 * (Math.Abs(model.PhiGradient[i]) + 1e-3), $"float phi[{i}]: {single.PhiGradient[i]:G8} against {model.PhiGradient[i]:G8}");
        }
    }

    [Fact]
    public void Bias_sigma_starts_at_its_own_value_and_the_new_options_refuse_what_they_cannot_do()
    {
        var options = new SoftmaxTrainingOptions(2, Hidden: [6, 4], InitialSigma: 1e-4, InitialBiasSigma: 1e-2, Layout: NetworkLayout.Published);
        var m = new StochasticNetwork<double>(5, options);
        NetworkShape shape = m.Shape;
        for (int l = 0; l < shape.Layers; l++)
        {
            Assert.All(m.Sigma.Slice(shape.WeightOffset[l], shape.Weights(l)).ToArray(), v => Assert.Equal(1e-4, v, 1e-16));
            Assert.All(m.Sigma.Slice(shape.BiasOffset[l], shape.Outputs[l]).ToArray(), v => Assert.Equal(1e-2, v, 1e-14));
        }

        // Everything else starts as without it: the same means, drawn from the same seed.
        var plain = new StochasticNetwork<double>(5, options with { InitialBiasSigma = null });
        Assert.Equal(plain.MeanValues.ToArray(), m.MeanValues.ToArray());

        (SoftmaxTrainingOptions Options, string Param, string Text)[] bad =
        [
            (options with { Setting = NoiseSetting.Homogeneous }, "bias-sigma-init", "heterogeneous setting only"),
            (options with { InitialBiasSigma = -1 }, "bias-sigma-init", "bias-sigma-init"),
            (options with { InitialBiasSigma = 1e-40, SinglePrecision = true }, "bias-sigma-init", "single precision"),
            (options with { CostFreeEpochs = 51 }, "cost-free-epochs", "from 0 to epochs (50)"),
            (options with { CostFreeEpochs = -1 }, "cost-free-epochs", "from 0 to epochs"),
            (options with { CostFreeEpochs = 5, Converge = true }, "cost-free-epochs", "converge"),
            (options with { InitialBiasSigma = null, CostFreeEpochs = 5, Setting = NoiseSetting.Homogeneous }, "cost-free-epochs", "heterogeneous setting only"),
        ];
        foreach ((SoftmaxTrainingOptions o, string param, string text) in bad)
        {
            var e = Assert.Throws<ArgumentException>(o.Validate);
            Assert.Equal(param, e.ParamName);
            Assert.Contains(text, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cost_free_epochs_switch_the_cost_off_for_the_last_epochs_only()
    {
        ImageDataSet data = NetworkTestData.Tiny(40, 5, 16);
        var options = new SoftmaxTrainingOptions(2, S: 0.3, Lambda: 2, BatchSize: 10, InitialSigma: 0.05, Seed: 3, Epochs: 3, LearningRate: 1e-2);

        // All three epochs cost-free is the same training as a cost too small to move any bit (its derivative
        // underflows to 0 against every gradient); one cost-free epoch is neither that nor the default.
        TrainedNetwork free = SoftmaxExperiment.Train(data, options with { CostFreeEpochs = 3 });
        TrainedNetwork none = SoftmaxExperiment.Train(data, options with { Lambda = 1e-300 });
        TrainedNetwork last = SoftmaxExperiment.Train(data, options with { CostFreeEpochs = 1 });
        TrainedNetwork paid = SoftmaxExperiment.Train(data, options);
        Assert.Equal(none.Model.Sigma.ToArray(), free.Model.Sigma.ToArray());
        Assert.Equal(none.Model.MeanValues.ToArray(), free.Model.MeanValues.ToArray());
        Assert.NotEqual(paid.Model.Sigma.ToArray(), last.Model.Sigma.ToArray());
        Assert.NotEqual(free.Model.Sigma.ToArray(), last.Model.Sigma.ToArray());

        // Without the cost nothing holds sigma up: the last epoch shrinks the noise that the cost had grown.
        Assert.True(last.Model.Sigma.ToArray().Average() < paid.Model.Sigma.ToArray().Average());
    }
}
