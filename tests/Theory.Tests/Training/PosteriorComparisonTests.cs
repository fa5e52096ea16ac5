using Theory.Analytic;
using Theory.Data;
using Theory.Stats;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

public class PosteriorComparisonTests
{
    [Fact]
    public void Rows_are_the_fits_of_the_runs_they_name()
    {
        ImageDataSet data = NetworkTestData.Tiny(400, 12, 8);
        var shared = new SoftmaxTrainingOptions(1, Epochs: 4, FisherEpochs: 1, LearningRate: 3e-3, InitialSigma: 0.02, Seed: 4, Hidden: [5]);
        (string, double, double)[] tasks = [("calcium", 0.5, 0.01), ("calcium", 0.5, 1), ("trafficking", 2, 0.01)];
        PosteriorComparison.Result r = PosteriorComparison.Run(data, data, shared, tasks, 2);
        Assert.Equal(6, r.Rows.Length); // 3 runs x 2 layers
        Assert.Equal(TrainingObjective.Variational, r.ViRun.Options.Objective);
        Assert.Equal(1 / Math.Sqrt(shared.PriorPrecision), r.PriorSigma, 12);
        Assert.Equal(2 / 2.5, r.Rows[0].Analytic);

        // Row 3 is the second run's layer 1: its slope is the OLS of its ln sigma^2 on the VI run's ln v.
        PosteriorComparison.Row row = r.Rows[3];
        Assert.Equal(("calcium", 1.0, 1), (row.Mechanism, row.C, row.Layer));
        LayerResult mine = r.Runs[1].Layers[1], vi = r.ViRun.Layers[1];
        Assert.Equal(0.5 * 1 / Math.Pow(1e-3, 0.5), r.Runs[1].Options.Lambda, 9);
        int[] used = [.. Enumerable.Range(0, mine.Hessian.Length).Where(i => mine.Hessian[i] > 0)];
        double[] x = [.. used.Select(i => Math.Log(vi.SigmaSquared[i]))], y = [.. used.Select(i => Math.Log(mine.SigmaSquared[i]))];
        Assert.Equal(LinearFit.Of(x, y).Slope, row.SlopeVi, 12);
        Assert.InRange(row.SlopeVi, row.SlopeViCi.Low - 1e-9, row.SlopeViCi.High + 1e-9);
        Assert.Equal(r.Runs[1].Sampled, row.Scores);

        // The finite-prior slope from its definition, and the large-prior limit.
        double p = shared.PriorPrecision;
        double[] logLaplace = [.. used.Select(i => -Math.Log(mine.Hessian[i] + p))];
        double[] logStar = [.. used.Select(i => OptimalNoise.LogSigmaSquared(0.5, 1e-3, r.Runs[1].Options.Lambda, mine.Hessian[i]))];
        Assert.Equal(LinearFit.Of(logLaplace, logStar).Slope, row.AnalyticFinitePrior, 12);
        Assert.True(row.AnalyticFinitePrior >= row.Analytic - 1e-12, "a finite prior flattens ln v against ln H, so the slope against ln v is at least 2/(2+rho)");

        PosteriorComparison.ViLayer v0 = r.Vi[0];
        LayerResult vl = r.ViRun.Layers[0];
        Assert.Equal(Bootstrap.Median(vl.SigmaSquared.Select((v, i) => v * (vl.Hessian[i] + p))), v0.MedianRatio, 12);
    }

    [Fact]
    public void Default_grid_is_a_decade_either_side_of_the_paper_s_setting()
    {
        double[] cs = PosteriorComparison.DefaultCs(2, 1e-3);
        Assert.Equal([0.1 * 1e-6 / 2, 1e-6 / 2, 10 * 1e-6 / 2], cs);
    }
}
