using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

public class ConvergenceAndAveragingTests
{
    private static readonly ImageDataSet Data = NetworkTestData.Tiny(300, 16, 5);

    private static SoftmaxTrainingOptions Options(int epochs, int average = 0) =>
        new(1.0, Epochs: epochs, FisherEpochs: 1, BatchSize: 10, LearningRate: 3e-3, InitialSigma: 1e-2, Seed: 4, AverageEpochs: average);

    [Fact]
    public void Decile_drifts_are_the_medians_of_each_tenth_by_importance()
    {
        // 20 weights: importance i, change per epoch i * 1e-3 (window 5, so last - first = 5 i e-3); two per decile.
        double[] importance = [.. Enumerable.Range(0, 20).Select(i => (double)(19 - i))]; // reversed: decile 0 holds 18 and 19
        double[] first = new double[20];
        double[] last = [.. Enumerable.Range(0, 20).Select(i => 5e-3 * i)];
        double[] d = SoftmaxExperiment.DecileDrifts(first, last, importance, null);
        Assert.Equal(10, d.Length);
        Assert.Equal(18.5e-3, d[0], 15); // weights 18 and 19, the least important
        Assert.Equal(0.5e-3, d[9], 15);
        bool[] include = [.. Enumerable.Range(0, 20).Select(i => i < 10)];
        double[] part = SoftmaxExperiment.DecileDrifts(first, last, importance, include);
        Assert.Equal(9e-3, part[0], 15); // only weights 0..9 count: one per decile
    }

    [Fact]
    public void Averaging_over_one_epoch_is_the_last_sigma_and_over_two_the_geometric_mean_of_the_last_two()
    {
        SoftmaxResult two = SoftmaxExperiment.Run(Data, Data, Options(2));
        SoftmaxResult three = SoftmaxExperiment.Run(Data, Data, Options(3));
        SoftmaxResult lastOne = SoftmaxExperiment.Run(Data, Data, Options(3, average: 1));
        SoftmaxResult lastTwo = SoftmaxExperiment.Run(Data, Data, Options(3, average: 2));
        double[] s2 = two.Layers[0].SigmaSquared, s3 = three.Layers[0].SigmaSquared;
        for (int i = 0; i < s3.Length; i++)
        {
            Assert.Equal(s3[i], lastOne.Layers[0].SigmaSquared[i], s3[i] * 1e-13);
            Assert.Equal(Math.Sqrt(s2[i] * s3[i]), lastTwo.Layers[0].SigmaSquared[i], s3[i] * 1e-13);
        }

        Assert.NotEqual(s3, lastTwo.Layers[0].SigmaSquared);
        Assert.Equal(three.Layers[0].Mu, lastTwo.Layers[0].Mu); // only the reported sigma changes
    }

    [Fact]
    public void Converge_stops_only_when_every_decile_has_settled()
    {
        var options = Options(6) with { Converge = true, MaxEpochs = 40, Tolerance = 2e-3 };
        SoftmaxResult r = SoftmaxExperiment.Run(Data, Data, options);
        Assert.True(r.Converged ? r.WorstDecileDrift < 2e-3 : r.Epochs == 40, $"epochs {r.Epochs}, worst decile {r.WorstDecileDrift}");
        Assert.Equal(10, r.Layers[0].DriftByDecile.Length);
    }

    [Fact]
    public void Average_beyond_the_epochs_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Options(3, average: 4).Validate());
        Assert.Equal("average must be from 0 to epochs (3) (got 4). (Parameter 'average')", e.Message);
    }
}
