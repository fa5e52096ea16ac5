using Theory.Analytic;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

public class StochasticLinearRegressionTests
{
    private static readonly LinearGaussianModel Small =
        SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 24, Samples: 600, Seed: 5)).Model(1.0);

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Exact_loss_training_lands_on_the_closed_form(double rho)
    {
        var result = StochasticLinearRegression.Train(Small, new StochasticLinearRegression.Options(rho, Steps: 4000));
        double[] sigmaStar = Small.OptimalSigmas(rho, 1e-3, 1);
        double[] err = [.. result.Sigma.Select((s, i) => Math.Abs(s / sigmaStar[i] - 1))];
        Assert.True(Theory.Stats.Bootstrap.Median(err) < 0.01, $"median relative error {Theory.Stats.Bootstrap.Median(err):G3}");
        Assert.True(err.Max() < 0.05, $"max relative error {err.Max():G3}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Homogeneous_training_lands_on_the_shared_closed_form(double rho)
    {
        var result = StochasticLinearRegression.Train(Small, new StochasticLinearRegression.Options(rho, Steps: 4000, Setting: NoiseSetting.Homogeneous));
        double sigmaHom = Tradeoff.HomogeneousSigma(rho, 1e-3, 1, Small.Importance());
        Assert.All(result.Sigma, v => Assert.Equal(result.Sigma[0], v));
        Assert.True(Math.Abs(result.Sigma[0] / sigmaHom - 1) < 1e-5, $"sigma {result.Sigma[0]:G8} against sigma_hom {sigmaHom:G8}");
        double[] sigmaStar = Small.OptimalSigmas(rho, 1e-3, 1);
        Assert.True(sigmaStar.Max() / sigmaStar.Min() > 1.5, "the importances must differ for the shared sigma to differ from each sigma*");
    }

    [Fact]
    public void Monte_carlo_training_has_the_predicted_slope_within_a_few_hundredths()
    {
        var row = LinearExperiment.Run(Small, "trafficking", new StochasticLinearRegression.Options(2.0, Steps: 4000), 10, 1);
        Assert.InRange(row.MonteCarlo.SlopeImportance, -0.5 - 0.05, -0.5 + 0.05);
        Assert.InRange(row.Exact.SlopeImportance, -0.5 - 0.01, -0.5 + 0.01);
    }

    [Fact]
    public void A_design_matrix_past_its_documented_size_is_refused_before_any_allocation()
    {
        var e = Assert.Throws<ArgumentException>(() => SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 5000, Samples: 50000)));
        Assert.StartsWith("samples x synapses must be at most 100000000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_per_synapse_arrays_give_back_its_summary_numbers()
    {
        var row = LinearExperiment.Run(Small, "actin", new StochasticLinearRegression.Options(4.0 / 3, Steps: 300), 10, 1);
        Assert.Equal(row.Fitted, row.Exact.Sigma.Length);
        Assert.Equal(row.Fitted, row.MonteCarlo.Sigma.Length);
        Assert.Equal(Small.GramDiagonal.Where(a => a > 0), row.GramDiagonal);
        Assert.Equal(Small.MeanFieldVariances(10).Where((_, i) => Small.GramDiagonal[i] > 0), row.MeanFieldVariance);
        Assert.Equal(Small.OptimalSigmas(4.0 / 3, 1e-3, 1).Where(double.IsFinite), row.SigmaStar);
        foreach (var c in new[] { row.Exact, row.MonteCarlo })
        {
            double[] err = [.. c.Sigma.Select((v, i) => Math.Abs(v / row.SigmaStar[i] - 1))];
            Assert.Equal(c.MaxRelativeError, err.Max());
            Assert.Equal(c.SlopeImportance, Theory.Stats.LinearFit.Of([.. row.GramDiagonal.Select(a => Math.Log(a))], [.. c.Sigma.Select(v => 2 * Math.Log(v))]).Slope, 12);
        }
    }

    [Fact]
    public void Progress_runs_through_both_fits_and_does_not_change_the_result()
    {
        var options = new StochasticLinearRegression.Options(1.0, Steps: 50);
        var seen = new List<double>();
        var watched = LinearExperiment.Run(Small, "rho=1", options, 10, 1, seen.Add);
        var plain = LinearExperiment.Run(Small, "rho=1", options, 10, 1);
        Assert.Equal(100, seen.Count);
        Assert.Equal(0.01, seen[0], 15);
        Assert.Equal(0.5, seen[49], 15);
        Assert.Equal(1.0, seen[^1]);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second > p.First));
        // The records hold arrays (compared by reference), so compare everything they hold as JSON.
        var all = new System.Text.Json.JsonSerializerOptions { IncludeFields = true };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plain, all), System.Text.Json.JsonSerializer.Serialize(watched, all));
        Assert.Contains("\"Sigma\":[", System.Text.Json.JsonSerializer.Serialize(plain, all), StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_the_same_bits()
    {
        var options = new StochasticLinearRegression.Options(1.0, Estimator: GradientEstimator.MonteCarlo, Steps: 200, Seed: 9);
        var a = StochasticLinearRegression.Train(Small, options);
        var b = StochasticLinearRegression.Train(Small, options);
        Assert.Equal(a.Sigma, b.Sigma);
        Assert.Equal(a.Mu, b.Mu);
        var c = StochasticLinearRegression.Train(Small, options with { Seed = 10 });
        Assert.NotEqual(a.Sigma, c.Sigma);
    }

    [Fact]
    public void Synthetic_rates_span_two_decades_and_gram_diagonal_tracks_n_times_rate()
    {
        var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 200, Samples: 4000, Seed: 1));
        Assert.True(data.Rates.Max() / data.Rates.Min() > 50);
        var model = data.Model(1.0);
        for (int i = 0; i < 200; i++)
        {
            double expected = 4000 * data.Rates[i];
            Assert.InRange(model.GramDiagonal[i], expected - 6 * Math.Sqrt(expected) - 1, expected + 6 * Math.Sqrt(expected) + 1);
        }
    }

    [Fact]
    public void Bad_options_are_named()
    {
        Assert.Equal("rho", Assert.Throws<ArgumentException>(() => StochasticLinearRegression.Train(Small, new StochasticLinearRegression.Options(0))).ParamName);
        Assert.Throws<ArgumentException>(() => SyntheticLinearData.Generate(new SyntheticLinearData.Options(RateMin: 0.6)));
    }

    [Fact]
    public void Softplus_round_trips_and_its_derivative_matches_finite_differences()
    {
        foreach (double sigma in new[] { 1e-12, 1e-4, 0.3, 5, 40 })
        {
            Assert.Equal(1.0, Softplus.Value(Softplus.Inverse(sigma)) / sigma, 12);
        }

        double phi = -2.3, h = 1e-6;
        Assert.Equal((Softplus.Value(phi + h) - Softplus.Value(phi - h)) / (2 * h), Softplus.Derivative(phi), 9);
    }
}
