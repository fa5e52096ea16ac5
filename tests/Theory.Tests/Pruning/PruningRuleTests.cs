using Theory.Pruning;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Pruning;

/// <summary>The rule (14.3-14.4), its closed forms (14.5, 14.6) and the experiment's checks, on small networks.</summary>
public class PruningRuleTests
{
    private static RecurrentNetwork Clustered(int n, bool symmetric, NetworkForm form = NetworkForm.Leak, double leak = 0, ulong seed = 1) =>
        new NetworkSpec("clusters", NetworkSpec.AuthorsClusters, 0.6, 1, 1, 2.5, NetworkSpec.AuthorsLambdaMax, symmetric, form, leak).Build(n, seed, native: true);

    [Fact]
    public void Noise_score_is_the_variance_of_the_difference_of_the_two_units()
    {
        RecurrentNetwork net = Clustered(40, symmetric: false);
        int n = net.N;
        double[] c = DenseAlgebra.Lyapunov(net.Dynamics(net.Weights), n, native: true);
        double[] d = PruningRule.NoiseScores(net, c);
        for (int s = 0; s < d.Length; s += 7)
        {
            int i = net.SynapseRows[s], j = net.SynapseColumns[s];
            double sign = Math.Sign(net.Weights[(i * n) + j]);
            var b = new double[n];
            b[i] += 1;
            b[j] -= sign;

            // b^T C b, the variance of b^T x
            double variance = 0;
            for (int u = 0; u < n; u++)
            {
                for (int v = 0; v < n; v++)
                {
                    variance += b[u] * c[(u * n) + v] * b[v];
                }
            }

            Assert.Equal(variance, d[s], 1e-12);
            Assert.True(d[s] > 0);
        }
    }

    [Fact]
    public void Trace_identity_is_n_over_two_for_the_exact_signed_Laplacian_and_below_with_a_leak()
    {
        foreach (double leak in new[] { 0.0, 0.5, 3.0 })
        {
            RecurrentNetwork net = Clustered(60, symmetric: true, NetworkForm.Laplacian, leak);
            int n = net.N;
            double[] a = net.Dynamics(net.Weights);
            double[] c = DenseAlgebra.SymmetricCovariance(a, n, native: true)!;
            double sum = PruningRule.TraceSum(net, PruningRule.NoiseScores(net, c));

            // independently: tr((L + leak I)^-1 L) / 2 = sum over L's eigenvalues l of l / (2 (l + leak))
            double[] laplacian = [.. a.Select((v, k) => -v - (k / n == k % n ? leak : 0))];
            double expected = DenseAlgebra.SymmetricEigen(laplacian, n, withVectors: false, out _, native: false).Sum(l => l / (2 * (l + leak)));
            Assert.Equal(expected, sum, 1e-9 * n);
            if (leak == 0)
            {
                Assert.Equal(n / 2.0, sum, 1e-8);
            }
            else
            {
                Assert.True(sum < n / 2.0, $"leak {leak}: {sum}");
            }
        }
    }

    [Fact]
    public void Oversampling_meets_the_target_with_probabilities_clipped_at_one()
    {
        var rng = new Xoshiro256(3);
        double[] scores = [.. Enumerable.Range(0, 500).Select(_ => Math.Exp(3 * rng.NextGaussian()))];
        foreach (double target in new[] { 1.0, 37.5, 250, 499 })
        {
            double r = PruningRule.Oversampling(scores, target);
            double[] p = PruningRule.Probabilities(scores, r);
            Assert.Equal(target, p.Sum(), 1e-9 * target);
            Assert.All(p, v => Assert.InRange(v, 0, 1));
        }

        Assert.True(double.IsPositiveInfinity(PruningRule.Oversampling(scores, 500)));
        Assert.All(PruningRule.Probabilities(scores, double.PositiveInfinity), v => Assert.Equal(1, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => PruningRule.Oversampling(scores, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PruningRule.Oversampling(scores, 501));
    }

    [Fact]
    public void Symmetric_pruning_keeps_pairs_and_the_diagonal()
    {
        RecurrentNetwork net = Clustered(50, symmetric: true);
        double[] p = [.. Enumerable.Repeat(0.3, net.Synapses)];
        (double[] w, int kept) = PruningRule.Prune(net, p, new Xoshiro256(9), rescale: true);
        Assert.True(RecurrentNetwork.IsSymmetric(w, net.N));
        int nonZero = 0;
        for (int s = 0; s < net.Synapses; s++)
        {
            int i = net.SynapseRows[s], j = net.SynapseColumns[s];
            double v = w[(i * net.N) + j];
            if (v != 0)
            {
                nonZero++;
                Assert.Equal(net.Weights[(i * net.N) + j] / 0.3, v, 1e-15);
            }
        }

        Assert.Equal(kept, nonZero);
        Assert.InRange(kept, 0.3 * net.Synapses * 0.8, 0.3 * net.Synapses * 1.2);
        double[] a = net.Dynamics(w);
        Assert.All(Enumerable.Range(0, net.N), i => Assert.Equal(-1, a[(i * net.N) + i]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keeping_everything_leaves_the_spectrum_exact(bool symmetric)
    {
        RecurrentNetwork net = Clustered(30, symmetric);
        double[] a = net.Dynamics(net.Weights);
        var check = new SpectralCheck(a, net.N, symmetric, native: true);
        double[] all = PruningRule.Probabilities(new double[net.Synapses], double.PositiveInfinity); // scores 0: still all kept
        (double[] w, int kept) = PruningRule.Prune(net, all, new Xoshiro256(1), rescale: true);
        Assert.Equal(net.Synapses, kept);
        SpectralCheck.Comparison c = check.Compare(net.Dynamics(w));
        Assert.True(c.Worst < 1e-12 && c.Epsilon < 1e-12, $"worst {c.Worst}, eps {c.Epsilon}");
        if (symmetric)
        {
            Assert.Equal(1, c.Alignment, 1e-10);
        }
        else
        {
            Assert.True(double.IsNaN(c.Alignment));
        }
    }

    [Fact]
    public void Unbiasedness_holds_with_rescaling_and_fails_without_it()
    {
        RecurrentNetwork net = Clustered(60, symmetric: true);
        var options = new PruneExperiment.Options([0.25], Draws: 400, Rescale: true, Dt: 5e-3, Steps: 40, Noise: 0.01, CheckTime: 0, Seed: 4, Native: true);
        foreach (PruneExperiment.MethodResult m in PruneExperiment.Run(net, options).Keeps[0].Methods)
        {
            PruneExperiment.Unbiasedness u = m.Unbiased;
            Assert.True(Math.Abs(u.MeanZSquared - 1) < 5 * u.MeanZSquaredError, $"{m.Method}: mean z^2 {u.MeanZSquared} +- {u.MeanZSquaredError}");
            Assert.True(Math.Abs(u.MassBias) < 5 * u.MassBiasError, $"{m.Method}: mass bias {u.MassBias} +- {u.MassBiasError}");
            Assert.Equal(u.ExpectedFrobenius, u.RelativeFrobenius, 0.1 * u.ExpectedFrobenius);
        }

        foreach (PruneExperiment.MethodResult m in PruneExperiment.Run(net, options with { Rescale = false }).Keeps[0].Methods)
        {
            // without the division by p the mean pruned weight is p W: a bias of about 1 - keep of the mass
            Assert.True(m.Unbiased.MassBias < -0.5 && m.Unbiased.MeanZSquared > 10, $"{m.Method}: {m.Unbiased}");
        }
    }

    [Fact]
    public void Asymmetric_covariance_agrees_with_a_long_simulation_within_its_sampling_error()
    {
        RecurrentNetwork net = Clustered(12, symmetric: false);
        var options = new PruneExperiment.Options([0.5], 2, true, 5e-3, 40, 0.01, CheckTime: 2000, Seed: 2, Native: true);
        PruneExperiment.CovarianceCheck check = PruneExperiment.Run(net, options).Covariance;
        Assert.True(check.Residual < 1e-13, $"residual {check.Residual}");

        // sampling error plus Euler's O(dt |lambda|) bias, which is about 1e-3 here
        Assert.True(check.CheckError < (3 * check.CheckExpected) + 2e-3, $"simulation error {check.CheckError}, sampling predicts {check.CheckExpected}");
        Assert.True(check.CheckExpected is > 1e-4 and < 0.2, $"predicted {check.CheckExpected}");
    }

    [Fact]
    public void Unstable_A_is_refused_with_its_eigenvalue()
    {
        double[] w = [0, 2, 2, 0];
        RecurrentNetwork net = RecurrentNetwork.FromWeights(w, 2, symmetric: true, NetworkForm.Leak, 0);
        var options = new PruneExperiment.Options([0.5], 2, true, 5e-3, 40, 0.01, 0, 1, true);
        ArgumentException e = Assert.Throws<ArgumentException>(() => PruneExperiment.Run(net, options));
        Assert.Contains("eigenvalue 1 has real part >= 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_are_deterministic_bit_for_bit()
    {
        RecurrentNetwork net = Clustered(80, symmetric: true);
        var options = new PruneExperiment.Options([0.3, 0.6], 5, true, 5e-3, 200, 0.01, 0, 7, true, Repeats: 3);
        PruneExperiment.Result first = PruneExperiment.Run(net, options), second = PruneExperiment.Run(Clustered(80, symmetric: true), options);
        for (int k = 0; k < 2; k++)
        {
            for (int m = 0; m < 3; m++)
            {
                Assert.Equal(first.Keeps[k].Methods[m].ResponseError, second.Keeps[k].Methods[m].ResponseError);
                Assert.Equal(first.Keeps[k].Methods[m].Repeats.Select(x => x.Epsilon), second.Keeps[k].Methods[m].Repeats.Select(x => x.Epsilon));
            }
        }
    }

    [Fact]
    public void Sweep_constant_gives_the_kept_fraction_at_the_largest_n()
    {
        var spec = new NetworkSpec("clusters", NetworkSpec.AuthorsClusters, 0.6, 1, 1, 2.5, NetworkSpec.AuthorsLambdaMax, true, NetworkForm.Leak, 0);
        RecurrentNetwork largest = spec.Build(120, 1, true);
        double q = PruneSweep.PerNLnN(largest.Synapses, 120, 0.2);
        PruneSweep.Row[] rows = PruneSweep.Run(spec, [60, 120], q, true, 1, true);
        Assert.Equal(0.2, rows[1].KeptFraction, 1e-3);
        Assert.True(rows[0].KeptFraction > rows[1].KeptFraction, "at fixed q n ln n the kept fraction falls with n");
        Assert.All(rows.SelectMany(r => r.Cells), c => Assert.True(c.Epsilon > 0 && double.IsFinite(c.Epsilon)));
    }
}
