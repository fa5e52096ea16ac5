using Theory.Stats;
using Xunit;

namespace Theory.Tests.Stats;

public class SpreadTests
{
    [Fact]
    public void Five_values_give_the_textbook_t_interval()
    {
        // mean 3, SD sqrt(2.5); t(0.975, 4) = 2.7764451051977987 from tables.
        Spread s = Spread.Of([1.0, 2, 3, 4, 5]);
        Assert.Equal(3, s.Mean, 15);
        Assert.Equal(Math.Sqrt(2.5), s.StandardDeviation, 14);
        Assert.Equal(3 - (2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5)), s.Low, 12);
        Assert.Equal(3 + (2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5)), s.High, 12);
        Assert.True(s.Contains(3) && !s.Contains(5));
    }

    [Fact]
    public void One_value_has_no_interval_and_bad_input_is_refused()
    {
        Spread s = Spread.Of([0.7]);
        Assert.Equal(0.7, s.Mean);
        Assert.True(double.IsNaN(s.Low) && double.IsNaN(s.StandardDeviation));
        Assert.False(s.Contains(0.7));
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
        Assert.Throws<ArgumentException>(() => Spread.Of([1, double.NaN]));
    }

    [Fact]
    public void The_interval_covers_the_true_mean_about_95_percent_of_the_time()
    {
        var rng = new Xoshiro256(11);
        int covered = 0, trials = 4000;
        for (int t = 0; t < trials; t++)
        {
            double[] v = [.. Enumerable.Range(0, 5).Select(_ => 2 + rng.NextGaussian())];
            covered += Spread.Of(v).Contains(2) ? 1 : 0;
        }

        // Binomial(4000, 0.95) has SD 0.0034: 0.94..0.96 is three SDs.
        Assert.InRange((double)covered / trials, 0.94, 0.96);
    }

    [Fact]
    public void The_interval_contains_its_own_ends()
    {
        Spread s = Spread.Of([1.0, 2, 4]);
        Assert.True(s.Contains(s.Low) && s.Contains(s.High));
        Assert.False(s.Contains(Math.BitDecrement(s.Low)) || s.Contains(Math.BitIncrement(s.High)));
        Assert.Equal(MathNet.Numerics.Statistics.Statistics.StandardDeviation([1.0, 2, 4]), s.StandardDeviation, 14);
    }
}
