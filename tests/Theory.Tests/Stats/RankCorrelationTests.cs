using Theory.Stats;
using Xunit;

namespace Theory.Tests.Stats;

public class RankCorrelationTests
{
    // Independent of MathNet: r from the centred sums, ranks by sorting with ties at their mean rank, and the p-value
    // by Simpson's rule on Student's t density.
    private static double PearsonByDefinition(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }

    private static double[] Ranks(double[] v)
    {
        int[] order = [.. Enumerable.Range(0, v.Length).OrderBy(i => v[i])];
        var ranks = new double[v.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        return ranks;
    }

    private static double TwoSidedP(double r, int n)
    {
        int df = n - 2;
        double t = Math.Abs(r) * Math.Sqrt(df / (1 - (r * r)));
        double logC = MathNet.Numerics.SpecialFunctions.GammaLn((df + 1) / 2.0) - MathNet.Numerics.SpecialFunctions.GammaLn(df / 2.0) - (0.5 * Math.Log(df * Math.PI));
        double Density(double u) => Math.Exp(logC - ((df + 1) / 2.0 * Math.Log(1 + (u * u / df))));
        const int steps = 200_000; // integral of the density from 0 to t, then p = 1 - 2 * that
        double h = t / steps, sum = Density(0) + Density(t);
        for (int k = 1; k < steps; k++)
        {
            sum += (k % 2 == 1 ? 4 : 2) * Density(k * h);
        }

        return 1 - (2 * sum * h / 3);
    }

    private static (double[] X, double[] Y) Sample(int n, double coupling, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        double[] x = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble())];
        double[] y = [.. x.Select(v => (coupling * v) + rng.NextDouble())];
        return (x, y);
    }

    [Theory]
    [InlineData(12, 0.0, 1UL)]
    [InlineData(40, 0.5, 2UL)]
    [InlineData(136, 2.0, 3UL)]
    public void Pearson_and_its_p_value_match_the_definitions(int n, double coupling, ulong seed)
    {
        (double[] x, double[] y) = Sample(n, coupling, seed);
        Correlated c = RankCorrelation.Pearson(x, y);
        Assert.Equal(PearsonByDefinition(x, y), c.R, 12);
        Assert.Equal(TwoSidedP(c.R, n), c.P, 8);
    }

    [Fact]
    public void Spearman_is_pearson_of_mean_ranks_with_ties()
    {
        double[] x = [1, 2, 2, 3, 5, 5, 5, 8, 9, 10];
        double[] y = [2, 1, 4, 4, 3, 7, 6, 9, 8, 12];
        Correlated c = RankCorrelation.Spearman(x, y);
        Assert.Equal(PearsonByDefinition(Ranks(x), Ranks(y)), c.R, 12);
        Assert.Equal(TwoSidedP(c.R, x.Length), c.P, 8);
        Assert.Equal(c.R, RankCorrelation.Spearman([.. x.Select(v => Math.Log(v))], y).R, 12); // ranks do not see a log
    }

    [Fact]
    public void A_perfect_correlation_has_p_zero_and_too_few_or_constant_values_are_refused()
    {
        Assert.Equal(new Correlated(1, 0), RankCorrelation.Pearson([1, 2, 3, 4], [2, 4, 6, 8]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.Pearson([1, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1, 1, 1], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.Pearson([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.Pearson([1, 2, double.NaN], [1, 2, 3]));
    }

    [Fact]
    public void Three_pairs_are_enough_for_a_p_value()
    {
        Assert.Equal(TwoSidedP(0.5, 3), RankCorrelation.PValue(0.5, 3), 12);
        Correlated c = RankCorrelation.Pearson([1, 2, 3], [1, 3, 2.6]);
        Assert.Equal(TwoSidedP(c.R, 3), c.P, 12);
    }

    [Fact]
    public void A_correlation_an_ulp_past_one_has_p_zero()
    {
        Assert.Equal(0, RankCorrelation.PValue(1 + 1e-13, 10));
        Assert.Equal(0, RankCorrelation.PValue(-1, 10));
    }
}
