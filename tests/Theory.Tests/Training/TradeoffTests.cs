using Theory.Analytic;
using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>The tradeoff sweep's engine: grid, tasks, one run's measurements, the summary, and the linear closed forms.</summary>
public class TradeoffTests
{
    private static readonly LinearGaussianModel Small =
        SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 30, Samples: 800, Seed: 3)).Model(1.0);

    [Fact]
    public void Log_grid_has_exact_ends_and_decades_on_the_quarter_points()
    {
        double[] g = TradeoffSweep.LogGrid(1e-3, 1e4, 29);
        Assert.Equal(29, g.Length);
        Assert.Equal(1e-3, g[0]);
        Assert.Equal(1e4, g[^1]);
        Assert.Equal(1.0, g[12], 1e-15);
        Assert.Equal(Math.Pow(10, -2.75), g[1], 1e-18);
        Assert.Equal([0.5], TradeoffSweep.LogGrid(0.5, 0.5, 1));
        Assert.Throws<ArgumentException>(() => TradeoffSweep.LogGrid(1, 0.1, 3));
        Assert.Throws<ArgumentException>(() => TradeoffSweep.LogGrid(1, 2, 1));
    }

    [Fact]
    public void Tasks_run_mechanism_then_setting_then_c_and_lambda_is_c_rho_over_s_to_the_rho()
    {
        var tasks = TradeoffSweep.Tasks([("a", 0.5), ("b", 2)], [1, 10], [NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous]);
        Assert.Equal(8, tasks.Count);
        Assert.Equal(new TradeoffTask("a", 0.5, 10, NoiseSetting.Heterogeneous), tasks[1]);
        Assert.Equal(new TradeoffTask("a", 0.5, 1, NoiseSetting.Homogeneous), tasks[2]);
        Assert.Equal("b", tasks[4].Mechanism);
        Assert.Equal(10 * 2 / 1e-6, tasks[5].Lambda(1e-3), 1e-3);

        // c sigma^-rho is the reliability cost lambda (1/rho)(s/sigma)^rho.
        double sigma = 0.02;
        Assert.Equal(10 * Math.Pow(sigma, -2), ReliabilityCost.Value(2, 1e-3, tasks[5].Lambda(1e-3), sigma), 1e-9);
    }

    [Fact]
    public void A_run_measures_what_its_network_holds()
    {
        ImageDataSet data = NetworkTestData.Tiny(300, 16, 5);
        var shared = new SoftmaxTrainingOptions(1, Epochs: 5, LearningRate: 1e-2, InitialSigma: 0.05, Seed: 3);
        foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
        {
            var task = new TradeoffTask("m", 2.0 / 3, 0.1, setting);
            TradeoffRun run = TradeoffSweep.Run(data, data, shared, task);
            SoftmaxTrainingOptions options = TradeoffSweep.OptionsFor(shared, task);
            TrainedNetwork again = SoftmaxExperiment.Train(data, options);
            double[] sigma = again.Model.Sigma.ToArray();
            var shape = again.Model.Shape;
            double[] weights = sigma[shape.WeightOffset[0]..(shape.WeightOffset[0] + shape.Weights(0))];
            Assert.Equal(Math.Sqrt(weights.Average(v => v * v)), run.RmsSigma, 1e-12 * run.RmsSigma);
            double r = sigma.Sum(v => Math.Pow(1e-3 / v, 2.0 / 3) * 1.5);
            Assert.Equal(r, run.ReliabilityCost, 1e-9 * r);
            Assert.Equal(run.Lambda * run.ReliabilityCost, run.Cost, 1e-9 * run.Cost);
            Assert.Equal(0.1 * sigma.Sum(v => Math.Pow(v, -2.0 / 3)), run.Cost, 1e-9 * run.Cost);
            Assert.Equal(options.Lambda, run.Lambda);
            Assert.Equal(NetworkMeasurements.SampledScores(shape, again.Model.MeanValues, sigma, 20, data, 4), new PredictiveScores(run.AccuracySampled, run.NegativeLogLikelihood, run.CalibrationError));
            double magnitude = 0.01 * again.Model.MeanValues.ToArray().Sum(Math.Abs);
            Assert.Equal(again.TrainCrossEntropy + ((run.Cost + magnitude) / 300), run.TrainingLoss, 1e-12);
            if (setting == NoiseSetting.Homogeneous)
            {
                Assert.All(sigma, v => Assert.Equal(sigma[0], v));
            }
            else
            {
                Assert.True(sigma.Max() > sigma.Min() * 1.01, "heterogeneous noise should differ between weights");
            }
        }
    }

    [Fact]
    public void Summary_finds_the_half_accuracy_c_the_gap_and_the_matched_cost()
    {
        static TradeoffRun R(NoiseSetting s, double c, double acc, double cost) => new("m", 1, c, s, c, acc, acc, 0, 0, 0, cost, 0, 0, 1, 0);
        var runs = new[]
        {
            R(NoiseSetting.Heterogeneous, 1, 0.9, 100), R(NoiseSetting.Heterogeneous, 10, 0.8, 10), R(NoiseSetting.Heterogeneous, 100, 0.4, 1),
            R(NoiseSetting.Homogeneous, 100, 0.1, 5), R(NoiseSetting.Homogeneous, 1, 0.85, 1000), R(NoiseSetting.Homogeneous, 10, 0.6, 50),
        };
        TradeoffSummary s = TradeoffSweep.Summarise(runs);
        // het: 0.8 at ln 10, 0.4 at ln 100: crosses 0.5 at 3/4 of the way in ln c.
        Assert.Equal(Math.Exp(Math.Log(10) + (0.75 * Math.Log(10))), s.HalfAccuracyC.Heterogeneous, 1e-9);
        Assert.Equal(Math.Exp(Math.Log(10) + (0.2 * Math.Log(10))), s.HalfAccuracyC.Homogeneous, 1e-9);
        Assert.Equal([(1.0, 0.9 - 0.85), (10.0, 0.8 - 0.6), (100.0, 0.4 - 0.1)], s.Gap);
        // Homogeneous accuracy on ln R: (ln 5, 0.1), (ln 50, 0.6), (ln 1000, 0.85).
        Assert.Equal(0.6 + (0.25 * Math.Log(2) / Math.Log(20)), s.Matched[0].Homogeneous, 1e-12); // het c 1 paid R 100
        Assert.Equal(0.1 + (0.5 * Math.Log(2) / Math.Log(10)), s.Matched[1].Homogeneous, 1e-12);  // R 10
        Assert.True(double.IsNaN(s.Matched[2].Homogeneous));                                       // R 1: below every homogeneous run
        Assert.Equal((100.0, 1.0, 0.4), (s.Matched[2].C, s.Matched[2].ReliabilityCost, s.Matched[2].Heterogeneous));
        Assert.Throws<ArgumentException>(() => TradeoffSweep.Summarise([runs[0], runs[0] with { Rho = 2 }]));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0 / 3)]
    public void Linear_fits_land_on_the_closed_forms_and_their_ratios(double rho)
    {
        var shared = new StochasticLinearRegression.Options(rho, Steps: 4000);
        double[] cs = [1e-3, 1e-1, 10, 1e4];
        var runs = TradeoffSweep.Tasks([("m", rho)], cs, [NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous])
            .Select(t => LinearTradeoff.Run(Small, shared, t)).ToList();
        double[] h = Small.Importance();
        foreach (LinearTradeoffRun r in runs)
        {
            Assert.True(r.MaxRelativeError < 1e-5, $"{r.Setting} c {r.C}: max error {r.MaxRelativeError:G3}");
            Assert.Equal(r.ClosedLoss, r.Loss, 1e-8 * r.ClosedLoss);
        }

        Assert.All(runs.Where(r => r.Setting == NoiseSetting.Homogeneous), r => Assert.Equal(Tradeoff.HomogeneousSigma(rho, 1e-3, r.Lambda, h), r.RmsSigma, 1e-5 * r.RmsSigma));
        LinearTradeoffSummary s = LinearTradeoff.Summarise(Small, runs);
        double a = rho / (2 + rho);
        double m = Tradeoff.PowerMean(h, a) / Tradeoff.PowerMean(h, 1);
        Assert.Equal(m, s.PowerMeanRatio, 1e-14);
        Assert.Equal(Math.Pow(m, a), s.ClosedLossRatio, 1e-14);
        Assert.True(m < 0.99, $"importances too alike for a test: M_a/M_1 = {m}");
        Assert.All(s.LossRatio, x => Assert.Equal(s.ClosedLossRatio, x.Ratio, 1e-7));
        int inside = 0;
        foreach (var x in s.ExcessRatio.Where(x => double.IsFinite(x.Ratio)))
        {
            Assert.Equal(m, x.Ratio, 1e-5);
            inside++;
        }

        Assert.True(inside >= 1, "no heterogeneous run's reliability cost lies inside the homogeneous runs' range");
    }

    [Fact]
    public void A_synapse_that_never_sees_input_is_refused_by_name()
    {
        var design = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 2, 0 }, { 1, 0 } });
        var model = new LinearGaussianModel(design, [1, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => LinearTradeoff.Importances(model));
        Assert.StartsWith("1 of 2 synapses never see a non-zero input", e.Message, StringComparison.Ordinal);
    }
}
