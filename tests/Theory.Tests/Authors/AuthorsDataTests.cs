using System.Security.Cryptography;
using MathNet.Numerics;
using Theory.Authors;
using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Authors;

/// <summary>The authors' arrays as shipped (issue 30): intact, read as their README describes, and fitted as an independent fit does.</summary>
public class AuthorsDataTests
{
    private static readonly string Folder = Path.Combine(Path.GetDirectoryName(MnistFiles.DefaultFolder(AppContext.BaseDirectory))!, "authors");

    [Fact]
    public void Shipped_files_match_the_authors_SHA256SUMS_and_keep_their_licence()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Folder, "SHA256SUMS")).Where(l => l.Length > 0).ToArray();
        Assert.True(lines.Length >= 44, $"{lines.Length} sums");
        foreach (string line in lines)
        {
            string[] parts = line.Split("  ", 2);
            string path = Path.Combine(Folder, parts[1].TrimStart('.', '/'));
            Assert.Equal(parts[0], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }

        Assert.Contains("Attribution 4.0", File.ReadAllText(Path.Combine(Folder, "LICENCE-CC-BY-4.0.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void V1_grid_is_the_c_that_the_homogeneous_rel_arr_implies()
    {
        // rel_arr (homogeneous) = (20/60000) 89400 c sigma_bar^-rho and sig_arr = sigma_bar, so c is recovered from the two arrays alone.
        (double[] rel, int[] shape) = NpyReader.Read(Path.Combine(Folder, "fig2and3-v1", "rel_arr.npy"));
        double[] sig = NpyReader.Read(Path.Combine(Folder, "fig2and3-v1", "sig_arr.npy")).Values;
        Assert.Equal([4, 58], shape);
        List<AuthorsTradeoffPoint> points = AuthorsData.Tradeoff("v1");
        Assert.Equal(4 * 58, points.Count);
        for (int p = 0; p < 4; p++)
        {
            for (int k = 0; k < 29; k++)
            {
                int i = (p * 58) + (2 * k) + 1;
                double c = rel[i] * 3000 / (89400 * Math.Pow(sig[i], -AuthorsData.Rhos[p]));
                AuthorsTradeoffPoint point = points.Single(x => x.Rho == AuthorsData.Rhos[p] && x.Setting == NoiseSetting.Homogeneous && Math.Abs(Math.Log(x.C / c)) < 1e-6);
                Assert.Equal(Math.Pow(10, -3 + (k / 4.0)), point.C, 1e-9 * point.C);
                Assert.Equal(sig[i], point.RmsSigma);
            }
        }

        // The paper's Figure-2 point quoted in issue 30: rho 2, c 1, heterogeneous: 82.97% with RMS sigma 0.576.
        AuthorsTradeoffPoint? quoted = AuthorsData.At(2, 1, NoiseSetting.Heterogeneous);
        Assert.NotNull(quoted);
        Assert.Equal(0.8297, quoted.AccuracySampled, 1e-9);
        Assert.Equal(0.5757, quoted.RmsSigma, 1e-4);
        Assert.Null(AuthorsData.At(2, 3, NoiseSetting.Heterogeneous));
        Assert.Equal(4 * 60, AuthorsData.Tradeoff("v2").Count);
        Assert.Throws<ArgumentException>(() => AuthorsData.Tradeoff("v3"));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 2)]
    [InlineData(3, 1)]
    public void Figure5_fits_match_MathNet_on_the_files_read_from_disk(int rhoIndex, int layer)
    {
        int i = (3 * rhoIndex) + layer;
        double[] variance = NpyReader.Read(Path.Combine(Folder, "fig5", $"var_list_{i}.npy")).Values;
        double[] fisher = NpyReader.Read(Path.Combine(Folder, "fig5", $"hessian_list_{i}.npy")).Values;
        double[] absGradient = NpyReader.Read(Path.Combine(Folder, "fig5", $"lr_list_{i}.npy")).Values;
        (double[] x, int[] xShape) = NpyReader.Read(Path.Combine(Folder, "fig5", $"x_{i}.npy"));
        int inputs = AuthorsData.Figure5Layers[layer].In;
        Assert.Equal(inputs * AuthorsData.Figure5Layers[layer].Out, variance.Length);
        Assert.Equal(layer == 0 ? [784] : [20, 100], xShape);
        double[] rate = [.. Enumerable.Range(0, inputs).Select(j => layer == 0 ? x[j] : Enumerable.Range(0, 20).Average(n => x[(n * inputs) + j]))];

        AuthorsLayerSummary s = AuthorsFigure5.Summarise(AuthorsData.Figure5(rhoIndex, layer));
        double[] lnVar = [.. variance.Select(v => Math.Log(v))];
        (double _, double slopeFisher) = Fit.Line([.. fisher.Select(f => Math.Log(f))], lnVar);
        (double _, double slopeLr) = Fit.Line([.. absGradient.Select(g => Math.Log(1e-4 / g))], lnVar);
        int[] positive = [.. Enumerable.Range(0, variance.Length).Where(w => rate[w % inputs] > 0)];
        (double _, double slopeRate) = Fit.Line([.. positive.Select(w => Math.Log(rate[w % inputs]))], [.. positive.Select(w => lnVar[w])]);
        Assert.Equal(slopeFisher, s.Fisher.Slope, 1e-9);
        Assert.Equal(slopeLr, s.LearningRate.Slope, 1e-9);
        Assert.Equal(slopeRate, s.InputRate.Slope, 1e-9);
        Assert.Equal(variance.Length - positive.Length, s.InputRate.Excluded);
        Assert.Equal(MathNet.Numerics.Statistics.Correlation.Pearson([.. fisher.Select(f => Math.Log(f))], lnVar), s.Fisher.R, 1e-9);
        double[] sorted = [.. variance.Order()];
        Assert.Equal(MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(sorted, 0.5, MathNet.Numerics.Statistics.QuantileDefinition.R7), s.MedianVariance, 1e-15);
        double[] sortedLn = [.. lnVar.Order()];
        Assert.Equal(MathNet.Numerics.Statistics.SortedArrayStatistics.QuantileCustom(sortedLn, 0.95, MathNet.Numerics.Statistics.QuantileDefinition.R7), s.VarianceQuantiles[4], 1e-12); // R's type 7, as numpy's default
    }

    [Fact]
    public void Figure5_layer0_slope_at_rho_half_is_the_one_issue_30_quotes()
    {
        AuthorsLayerSummary s = AuthorsFigure5.Summarise(AuthorsData.Figure5(0, 0));
        Assert.Equal(-0.556, s.Fisher.Slope, 0.0005);
        Assert.Equal(-0.8, s.PredictedFisher, 1e-12);
    }

    [Fact]
    public void Authors_slope_is_offered_only_for_their_network_and_exponents()
    {
        var theirs = new NetworkShape(784, [100, 100], 10, NetworkLayout.Published);
        Assert.Equal(-0.556, AuthorsFigure5.SlopeFisherFor(theirs, 0.5, 0)!.Value, 0.0005);
        Assert.Equal(AuthorsFigure5.Summarise(AuthorsData.Figure5(3, 2)).Fisher.Slope, AuthorsFigure5.SlopeFisherFor(theirs, 2, 2));
        Assert.Null(AuthorsFigure5.SlopeFisherFor(theirs, 1, 0));
        Assert.Null(AuthorsFigure5.SlopeFisherFor(new NetworkShape(784, [100, 100], 10, NetworkLayout.Text), 0.5, 0));
        Assert.Null(AuthorsFigure5.SlopeFisherFor(new NetworkShape(784, [100, 50], 10, NetworkLayout.Published), 0.5, 0));
        Assert.Null(AuthorsFigure5.SlopeFisherFor(new NetworkShape(784, [], 10), 0.5, 0));
    }
}
