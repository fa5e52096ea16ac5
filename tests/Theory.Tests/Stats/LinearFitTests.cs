using Theory.Stats;
using Xunit;

namespace Theory.Tests.Stats;

public class LinearFitTests
{
    [Fact]
    public void An_exact_line_is_recovered()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [.. x.Select(v => 3 - 0.5 * v)];
        LinearFit fit = LinearFit.Of(x, y);
        Assert.Equal(-0.5, fit.Slope, 14);
        Assert.Equal(3, fit.Intercept, 14);
        Assert.Equal(-1, fit.R, 14);
        Assert.Equal(5, fit.Count);
    }

    [Fact]
    public void Constant_x_and_mismatched_lengths_are_errors()
    {
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => LinearFit.Of([1.0, 1.0], [1.0, 2.0])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LinearFit.Of([1.0, 2.0], [1.0])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => LinearFit.Of([1.0, 2.0], [1.0, double.NaN])).ParamName);
    }

    [Fact]
    public void Bootstrap_interval_covers_the_true_slope_of_noisy_data_and_is_reproducible()
    {
        var rng = new Xoshiro256(7);
        double[] x = [.. Enumerable.Range(0, 400).Select(_ => rng.NextDouble() * 10)];
        double[] y = [.. x.Select(v => 1 + 0.25 * v + 0.5 * rng.NextGaussian())];
        var ci = Bootstrap.SlopeInterval(x, y, seed: 3);
        Assert.InRange(0.25, ci.Low, ci.High);
        Assert.True(ci.High - ci.Low < 0.05, $"interval {ci} too wide");
        Assert.Equal(ci, Bootstrap.SlopeInterval(x, y, seed: 3));
    }

    [Fact]
    public void Quantiles_interpolate()
    {
        Assert.Equal(2.5, Bootstrap.Quantile([1.0, 2, 3, 4], 0.5));
        Assert.Equal(3, Bootstrap.Median([5.0, 1, 3]));
    }

    [Fact]
    public void Quantiles_at_the_ends_are_the_extremes()
    {
        double[] sorted = [1.0, 2, 4, 8];
        Assert.Equal(1, Bootstrap.Quantile(sorted, 0));
        Assert.Equal(8, Bootstrap.Quantile(sorted, 1));
        Assert.Equal(7, Bootstrap.Quantile([7.0], 0.3));
        Assert.Equal(6, Bootstrap.Quantile(sorted, 5.0 / 6), 12); // h = 3 q = 2.5: halfway from 4 to 8
    }

    [Fact]
    public void A_narrower_level_gives_an_interval_inside_the_wider_one_from_the_same_resamples()
    {
        double[] x = [.. Enumerable.Range(0, 30).Select(i => (double)i)];
        var noise = new Xoshiro256(5);
        double[] y = [.. x.Select(v => (0.5 * v) + noise.NextGaussian())];
        (double lo95, double hi95) = Bootstrap.SlopeInterval(x, y, 9, 400, 0.95);
        (double lo50, double hi50) = Bootstrap.SlopeInterval(x, y, 9, 400, 0.5);
        Assert.True(lo95 < lo50 && lo50 < hi50 && hi50 < hi95, $"95% [{lo95}, {hi95}], 50% [{lo50}, {hi50}]");
        // The 95% ends are the 2.5% and 97.5% quantiles of the resampled slopes, independently recomputed.
        var rng = new Xoshiro256(9);
        var slopes = new double[400];
        for (int b = 0; b < 400; b++)
        {
            int[] k = [.. Enumerable.Range(0, 30).Select(_ => rng.NextInt(30))];
            slopes[b] = MathNet.Numerics.Fit.Line([.. k.Select(i => x[i])], [.. k.Select(i => y[i])]).Item2;
        }

        Array.Sort(slopes);
        Assert.Equal(MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(slopes, 0.025, MathNet.Numerics.Statistics.QuantileDefinition.R7), lo95, 10);
        Assert.Equal(MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(slopes, 0.975, MathNet.Numerics.Statistics.QuantileDefinition.R7), hi95, 10);
        Assert.Equal((lo95, hi95), Bootstrap.SlopeInterval(x, y, 9, 400, 0.95)); // same seed, same interval
        _ = Bootstrap.SlopeInterval(x, y, 9, 10); // ten resamples is the least accepted
    }
}
