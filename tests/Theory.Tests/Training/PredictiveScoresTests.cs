using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>Accuracy, NLL and calibration error with sampled weights, against direct computations.</summary>
public class PredictiveScoresTests
{
    [Fact]
    public void Scores_at_negligible_noise_match_a_direct_softmax_of_the_mean_weights()
    {
        const int pixels = 6, n = 47;
        ImageDataSet data = NetworkTestData.Tiny(n, pixels, 31);
        var shape = new NetworkShape(pixels, null, 10);
        var rng = new Theory.Stats.Xoshiro256(8);
        double[] mu = [.. Enumerable.Range(0, shape.Parameters).Select(_ => 2 * rng.NextDouble() - 1)];
        double[] sigma = [.. Enumerable.Repeat(double.Epsilon, shape.Parameters)];
        PredictiveScores scores = NetworkMeasurements.SampledScores(shape, mu, sigma, 10, data, 3);

        // Logit k = sum_j W[k, j] x_j + b_k; the weights are row-major k x d, the biases after them.
        double nll = 0;
        int correct = 0;
        var confidence = new List<(double P, bool Right)>();
        var x = new double[pixels];
        for (int row = 0; row < n; row++)
        {
            data.NormaliseRow(row, x);
            double[] z = [.. Enumerable.Range(0, 10).Select(k => Enumerable.Range(0, pixels).Sum(j => mu[shape.WeightOffset[0] + (k * pixels) + j] * x[j]) + mu[shape.BiasOffset[0] + k])];
            double max = z.Max();
            double[] p = [.. z.Select(v => Math.Exp(v - max))];
            double total = p.Sum();
            int label = data.Labels[row], guess = Array.IndexOf(z, max);
            nll -= Math.Log(p[label] / total);
            correct += guess == label ? 1 : 0;
            confidence.Add((p[guess] / total, guess == label));
        }

        Assert.Equal((double)correct / n, scores.Accuracy);
        Assert.Equal(nll / n, scores.NegativeLogLikelihood, 1e-12);
        Assert.Equal(NetworkMeasurements.AccuracyWithMeanWeights(shape, mu, data), scores.Accuracy);

        // ECE from its definition: 15 bins (k/15, (k+1)/15].
        double ece = 0;
        for (int k = 0; k < 15; k++)
        {
            var bin = confidence.Where(c => c.P > k / 15.0 && c.P <= (k + 1) / 15.0).ToList();
            if (bin.Count > 0)
            {
                ece += (double)bin.Count / n * Math.Abs(bin.Count(c => c.Right) / (double)bin.Count - bin.Average(c => c.P));
            }
        }

        Assert.True(ece > 0.01, "the made-up network should be miscalibrated");
        Assert.Equal(ece, scores.CalibrationError, 1e-12);
    }

    [Fact]
    public void Calibration_error_of_hand_made_predictions()
    {
        var bins = new CalibrationBins();
        Assert.True(double.IsNaN(bins.ExpectedCalibrationError()));
        bins.Add(0.95, true);   // bin 14: conf 0.95, acc 1
        bins.Add(0.97, false);  // bin 14: mean conf 0.96, acc 0.5
        bins.Add(0.5, true);    // bin 7: conf 0.5, acc 1
        bins.Add(1.0, true);    // bin 14 (1 is in the top bin)
        // bin 14: 3 predictions, acc 2/3, conf (0.95 + 0.97 + 1)/3; bin 7: |1 - 0.5|.
        double expected = (3.0 / 4 * Math.Abs((2.0 / 3) - ((0.95 + 0.97 + 1.0) / 3))) + (1.0 / 4 * 0.5);
        Assert.Equal(expected, bins.ExpectedCalibrationError(), 1e-15);
    }

    [Fact]
    public void Sampled_scores_use_the_same_draws_as_the_sampled_accuracy()
    {
        ImageDataSet data = NetworkTestData.Tiny(200, 8, 2);
        var shape = new NetworkShape(8, [5], 10);
        var rng = new Theory.Stats.Xoshiro256(1);
        double[] mu = [.. Enumerable.Range(0, shape.Parameters).Select(_ => 2 * rng.NextDouble() - 1)];
        double[] sigma = [.. Enumerable.Repeat(0.4, shape.Parameters)];
        PredictiveScores a = NetworkMeasurements.SampledScores(shape, mu, sigma, 20, data, 5);
        Assert.Equal(NetworkMeasurements.AccuracyWithSampledWeights(shape, mu, sigma, 20, data, 5), a.Accuracy);
        Assert.Equal(a, NetworkMeasurements.SampledScores(shape, mu, sigma, 20, data, 5));
        Assert.NotEqual(a.NegativeLogLikelihood, NetworkMeasurements.SampledScores(shape, mu, sigma, 20, data, 6).NegativeLogLikelihood);
    }
}
