using Theory.Experimental;
using Xunit;

namespace Theory.Tests.Experimental;

public class DataAnalysisTests
{
    // OLS slope from the centred sums, computed here rather than by LinearFit.
    private static double Slope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
    }

    [Fact]
    public void Ko_fits_are_the_log_log_slopes_of_the_connections()
    {
        (KoData ko, _) = ExperimentalData.ShippedSets();
        KoAnalysis a = DataAnalysis.Ko(ko, 1);
        double[] lr = [.. ko.InputRate.Select(v => Math.Log(v))];
        Assert.Equal(Slope(lr, [.. ko.Variance.Zip(ko.Mean, (v, m) => Math.Log(v / m))]), a.NormalisedVariability.Slope, 10);
        Assert.Equal(Slope(lr, [.. ko.Variance.Select(v => Math.Log(v))]), a.Variance.Slope, 10);
        Assert.Equal(Slope(lr, [.. ko.Mean.Select(v => Math.Log(v))]), a.Mean.Slope, 10);
        Assert.Equal(a.Variance.Slope - a.Mean.Slope, a.NormalisedVariability.Slope, 10); // ln(var/mean) = ln var - ln mean
        Assert.Equal(136, a.NormalisedVariability.Count);

        // What the data set's README reports for these rows: slope about -0.7, r about -0.28.
        Assert.InRange(a.NormalisedVariability.Slope, -0.75, -0.65);
        Assert.InRange(a.NormalisedVariability.Pearson.R, -0.30, -0.26);
        foreach (LogLogFit f in new[] { a.NormalisedVariability, a.Variance })
        {
            Assert.True(f.Ci.Low < f.Slope && f.Slope < f.Ci.High, $"{f.Label}: {f.Slope} outside [{f.Ci.Low}, {f.Ci.High}]");
        }

        Assert.Equal([-0.8, -0.75, -0.6, -0.5, -1, -0.5], a.Predictions.Select(p => Math.Round(p.Exponent, 12)));
        Assert.Equal(a.NormalisedVariability.Ci.Low <= -1 && -1 <= a.NormalisedVariability.Ci.High, a.NormalisedVariability.Contains(-1));
    }

    [Fact]
    public void Sjostrom_fits_each_set_then_the_pool()
    {
        (_, var sets) = ExperimentalData.ShippedSets();
        SjostromAnalysis a = DataAnalysis.Sjostrom(sets, 1);
        Assert.Equal(["LTP", "LTD", "pooled"], a.Fits.Select(f => f.Label));
        Assert.Equal([30, 14, 44], a.Fits.Select(f => f.Count));
        double[] x = [.. sets.SelectMany(s => s.Data.CoefficientOfVariation).Select(v => Math.Log(v))];
        double[] y = [.. sets.SelectMany(s => s.Data.RelativeChange).Select(v => Math.Log(v))];
        Assert.Equal(Slope(x, y), a.Fits[2].Slope, 10);
        Assert.Equal(Slope([.. sets[1].Data.CoefficientOfVariation.Select(v => Math.Log(v))], [.. sets[1].Data.RelativeChange.Select(v => Math.Log(v))]), a.Fits[1].Slope, 10);
        Assert.Equal([1.25, 4.0 / 3, 5.0 / 3, 2, 2], a.Predictions.Select(p => p.Exponent), (u, v) => Math.Abs(u - v) < 1e-12);
        Assert.Single(DataAnalysis.Sjostrom([sets[0]], 1).Fits);
    }

    [Fact]
    public void Same_seed_same_intervals_other_seed_other_intervals()
    {
        (KoData ko, _) = ExperimentalData.ShippedSets();
        Assert.Equal(DataAnalysis.Ko(ko, 5).Variance.Ci, DataAnalysis.Ko(ko, 5).Variance.Ci);
        Assert.NotEqual(DataAnalysis.Ko(ko, 5).Variance.Ci, DataAnalysis.Ko(ko, 6).Variance.Ci);
    }
}
