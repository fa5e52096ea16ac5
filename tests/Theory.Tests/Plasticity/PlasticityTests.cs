using Theory.Plasticity;
using Xunit;

namespace Theory.Tests.Plasticity;

/// <summary>
/// Section 13: the forward sensitivities against central differences, the fit recovering Oja's rule and a second
/// rule, the identifiability block naming the x^2 = x confound of binary inputs, and the rule file's refusals.
/// </summary>
public class PlasticityTests
{
    private static RecordingOptions Gaussian(int trajectories, int steps, ulong seed = 1, double noise = 0, double observed = 1) =>
        new(trajectories, steps, "gaussian", 1.0, 0, 0, 0.3, noise, null, observed, seed);

    private static double[] Perturbed()
    {
        double[] theta = PlasticityRule.Oja();
        var rng = new Theory.Stats.Xoshiro256(5);
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] += 0.05 * rng.NextGaussian();
        }

        return theta;
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Linear)]
    public void Gradient_is_twice_J_transpose_r_and_matches_central_differences_of_the_residual_sum(Activation f)
    {
        var model = new PlasticityModel(4, 3, f, 0.25);
        Recording data = PlasticityData.Record(model, PlasticityRule.Oja(), Gaussian(3, 15, noise: 0.1));
        int[] free = [.. Enumerable.Range(0, PlasticityRule.Terms)];
        double[] theta = Perturbed();
        var (_, jtr, _) = PlasticityFit.Sums(model, data, theta, free, false, 1)!.Value;
        double Rss(double[] th) => PlasticityFit.Sums(model, data, th, free, false, 1)!.Value.Rss;
        const double h = 1e-6;
        for (int k = 0; k < PlasticityRule.Terms; k++)
        {
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (Rss(up) - Rss(down)) / (2 * h);
            Assert.True(Math.Abs(numeric - (2 * jtr[k])) <= 1e-6 * (1 + Math.Abs(numeric)), $"term {PlasticityRule.Label(k)}: central {numeric}, 2 J^T r {2 * jtr[k]}");
        }
    }

    [Fact]
    public void J_transpose_J_matches_the_Jacobian_built_from_central_differences_of_the_outputs()
    {
        var model = new PlasticityModel(3, 2, Activation.Sigmoid, 0.3);
        RecordingOptions options = Gaussian(1, 12);
        Recording data = PlasticityData.Record(model, PlasticityRule.Oja(), options);
        int[] free = [.. Enumerable.Range(0, PlasticityRule.Terms)];
        double[] theta = Perturbed();
        double[] jtj = PlasticityFit.Sums(model, data, theta, free, true, 1)!.Value.JtJ!;
        int outputs = 12 * 2;
        var jacobian = new double[outputs, PlasticityRule.Terms];
        const double h = 1e-6;
        for (int k = 0; k < PlasticityRule.Terms; k++)
        {
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[k] += h;
            down[k] -= h;
            double[] yUp = new double[outputs], yDown = new double[outputs];
            model.Simulate(up, data.Trajectories[0], 12, yUp);
            model.Simulate(down, data.Trajectories[0], 12, yDown);
            for (int o = 0; o < outputs; o++)
            {
                jacobian[o, k] = (yUp[o] - yDown[o]) / (2 * h);
            }
        }

        for (int a = 0; a < PlasticityRule.Terms; a++)
        {
            for (int b = 0; b < PlasticityRule.Terms; b++)
            {
                double expected = 0;
                for (int o = 0; o < outputs; o++)
                {
                    expected += jacobian[o, a] * jacobian[o, b];
                }

                Assert.True(Math.Abs(expected - jtj[(a * PlasticityRule.Terms) + b]) <= 1e-7 * (1 + Math.Abs(expected)), $"J^T J [{a}, {b}]: {jtj[(a * PlasticityRule.Terms) + b]} against {expected}");
            }
        }
    }

    [Theory]
    [InlineData("oja")]
    [InlineData("other")]
    public void Noise_free_fit_recovers_the_rule_to_1e_minus_6(string rule)
    {
        double[] truth = rule == "oja" ? PlasticityRule.Oja() : PlasticityRule.Parse("term,theta\n110,0.5\n001,-0.2\n021,-0.8\n200,0.1\n", "rule");
        var model = new PlasticityModel(10, 10, Activation.Sigmoid, 0.1);
        RecordingOptions options = Gaussian(8, 40);
        Recording data = PlasticityData.Record(model, truth, options);
        FitResult fit = PlasticityFit.Fit(model, data, new FitOptions("lm", [.. Enumerable.Range(0, 27)], 0, 100, 1e-3, 2));
        for (int k = 0; k < PlasticityRule.Terms; k++)
        {
            Assert.True(Math.Abs(fit.Theta[k] - truth[k]) < 1e-6, $"theta_{PlasticityRule.Label(k)} = {fit.Theta[k]}, true {truth[k]}");
        }

        (double rw, double ry, double rc) = PlasticityFit.HeldOutR2(model, truth, fit.Theta, options, 5);
        Assert.True(rw > 0.999999 && ry > 0.999999 && rc > 0.999999, $"held-out R^2 {rw}, {ry}, {rc}");
    }

    [Fact]
    public void The_weight_changes_R2_is_the_plain_R2_of_W_t_minus_W_0_and_sees_what_the_weights_R2_hides()
    {
        // A small eta, as in the 500 -> 50 sweep: the changes are small beside W_0.
        var model = new PlasticityModel(6, 4, Activation.Sigmoid, 0.02);
        RecordingOptions options = Gaussian(3, 30);
        double[] truth = PlasticityRule.Oja(), wrong = [.. truth.Select(v => 1.3 * v)];
        (double rw, _, double rc) = PlasticityFit.HeldOutR2(model, truth, wrong, options, 2);

        // The same by brute force: both rules from the same fresh starts, R^2 over every W_t - W_0 with t >= 1.
        Trajectory[] starts = PlasticityData.Starts(model, options, PlasticityFit.Stream(options.Seed, 50), 2);
        var t = new List<double>();
        var f = new List<double>();
        foreach (Trajectory start in starts)
        {
            double[] wt = new double[31 * 24], wf = new double[31 * 24];
            model.Simulate(truth, start, 30, new double[30 * 4], wt);
            model.Simulate(wrong, start, 30, new double[30 * 4], wf);
            for (int k = 24; k < wt.Length; k++)
            {
                t.Add(wt[k] - wt[k % 24]);
                f.Add(wf[k] - wt[k % 24]);
            }
        }

        double mean = t.Average();
        double expected = 1 - (t.Zip(f, (a, b) => (a - b) * (a - b)).Sum() / t.Sum(a => (a - mean) * (a - mean)));
        Assert.Equal(expected, rc, 1e-10);
        Assert.True(rw > 0.99 && rc < rw - 0.05, $"weights {rw}, changes {rc}: W_0 hides a 30% error in the rule from the weights' R^2");
    }

    [Fact]
    public void Binary_odour_inputs_make_x_squared_and_x_confounded_and_the_block_says_so()
    {
        var model = new PlasticityModel(10, 10, Activation.Sigmoid, 0.1);
        var options = new RecordingOptions(6, 30, "odour", 1, 5, 0.3, 0.3, 0, null, 1, 3);
        Recording data = PlasticityData.Record(model, PlasticityRule.Oja(), options);
        int[] free = [PlasticityRule.Index(1, 1, 0), PlasticityRule.Index(2, 1, 0), PlasticityRule.Index(0, 2, 1)];
        FitResult fit = PlasticityFit.Fit(model, data, new FitOptions("lm", free, 0, 50, 1e-3, 1));
        (double[] singular, NullDirection[] nulls) = PlasticityFit.Identifiability(fit, 1e-6);
        Assert.Equal(3, singular.Length);
        NullDirection confound = Assert.Single(nulls);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(confound.Combination[0]), 1e-6);
        Assert.Equal(-confound.Combination[0], confound.Combination[1], 1e-6);
        Assert.Contains("theta_110 (x y)", PlasticityFit.Describe(confound, free), StringComparison.Ordinal);
        Assert.Contains("theta_210 (x^2 y)", PlasticityFit.Describe(confound, free), StringComparison.Ordinal);

        // the combination theta_110 + theta_210 is what the data fix: it is Oja's 1
        Assert.Equal(1, fit.Theta[free[0]] + fit.Theta[free[1]], 1e-6);
    }

    [Fact]
    public void A_diverging_teacher_is_named_by_trajectory_and_step()
    {
        var model = new PlasticityModel(5, 5, Activation.Linear, 1.0);
        double[] growth = new double[PlasticityRule.Terms];
        growth[PlasticityRule.Index(0, 0, 2)] = 1; // dW = W^2
        var e = Assert.Throws<InvalidOperationException>(() => PlasticityData.Record(model, growth, Gaussian(2, 200)));
        Assert.Matches(@"^the teacher's weights diverge \(\|W\| > 1e6\) at step \d+ of trajectory 1: lower --eta", e.Message);
    }

    [Fact]
    public void Noisy_partial_recording_fit_has_honest_errors_and_a_falling_loss()
    {
        var model = new PlasticityModel(10, 10, Activation.Sigmoid, 0.1);
        RecordingOptions options = Gaussian(10, 40, seed: 2, noise: 0.1, observed: 0.5);
        Recording data = PlasticityData.Record(model, PlasticityRule.Oja(), options);
        Assert.Equal(5, data.ObservedCount);
        Assert.Equal(0.1 * data.OutputSd, data.NoiseSd, 1e-15);
        int[] free = PlasticityRule.ParseTerms("2:3");
        FitResult fit = PlasticityFit.Fit(model, data, new FitOptions("lm", free, 0, 100, 1e-3, 2));
        Assert.True(fit.Loss[^1] < fit.Loss[0]);
        Assert.True(fit.Loss.Zip(fit.Loss.Skip(1), (a, b) => b <= a).All(x => x), "LM only accepts steps that lower the loss");

        // the loss at the optimum is about the noise variance: the fit neither under- nor over-fits grossly
        Assert.InRange(fit.Loss[^1] / (data.NoiseSd * data.NoiseSd), 0.8, 1.05);
        double[] se = PlasticityFit.StandardErrors(fit);
        double z = (fit.Theta[PlasticityRule.Index(1, 1, 0)] - 1) / se[PlasticityRule.Index(1, 1, 0)];
        Assert.True(Math.Abs(z) < 4, $"theta_110 {fit.Theta[PlasticityRule.Index(1, 1, 0)]} +- {se[PlasticityRule.Index(1, 1, 0)]}");
    }

    [Theory]
    [InlineData("term,theta\n110,1\n110,2\n", "rule:3: term 110 is given twice.")]
    [InlineData("term,theta\n310,1\n", "rule:2: unknown term '310'")]
    [InlineData("term,theta\n110,abc\n", "rule:2: theta 'abc' is not a finite number.")]
    [InlineData("theta,term\n", "rule:1: the header must be 'term,theta'")]
    [InlineData("", "rule: empty rule file")]
    public void Bad_rule_files_are_refused_naming_the_line(string text, string message)
    {
        FormatException e = Assert.Throws<FormatException>(() => PlasticityRule.Parse(text, "rule"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_parse_as_all_degree_ranges_and_lists()
    {
        Assert.Equal(27, PlasticityRule.ParseTerms("all").Length);
        int[] degree = PlasticityRule.ParseTerms("2:3");
        Assert.Contains(PlasticityRule.Index(1, 1, 0), degree);
        Assert.Contains(PlasticityRule.Index(0, 2, 1), degree);
        Assert.DoesNotContain(PlasticityRule.Index(1, 0, 0), degree);
        Assert.Equal([PlasticityRule.Index(0, 2, 1), PlasticityRule.Index(1, 1, 0)], PlasticityRule.ParseTerms("110,021"));
        Assert.Throws<FormatException>(() => PlasticityRule.ParseTerms("7:9"));
        Assert.Throws<FormatException>(() => PlasticityRule.ParseTerms("110,110"));
        Assert.Equal("x^2 y W", PlasticityRule.Monomial(PlasticityRule.Index(2, 1, 1)));
        Assert.Equal("1", PlasticityRule.Monomial(0));
    }
}
