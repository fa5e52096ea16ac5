using BenchmarkDotNet.Attributes;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks.Training;

/// <summary>
/// One training epoch of the stochastic network (no hidden layer, and the paper's 784 -> 100 -> 100 -> 10): 60,000
/// MNIST images, batch 20, one thread: the trainer's own training pass (gradients and Adam steps; no Fisher, Hessian or accuracy
/// passes); double and --float.
/// </summary>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private ImageDataSet? _train;
    private int[] _order = [];
    private IStochasticNetwork? _model;

    [Params(WeightEstimator.Sample, WeightEstimator.Local)]
    public WeightEstimator Estimator { get; set; }

    [Params(false, true)]
    public bool SinglePrecision { get; set; }

    /// <summary>Hidden widths: "" for the 784 -> 10 classifier, "100,100" for the paper's Figure-5 network.</summary>
    [Params("", "100,100")]
    public string Hidden { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        (_train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory));
        var rng = new Theory.Stats.Xoshiro256(1);
        _order = [.. Enumerable.Range(0, _train.Count).OrderBy(_ => rng.NextUInt64())];
        int[] hidden = Hidden.Length == 0 ? [] : [.. Hidden.Split(',').Select(int.Parse)];
        var options = new SoftmaxTrainingOptions(2.0 / 3, Estimator: Estimator, SinglePrecision: SinglePrecision, Hidden: hidden);
        _model = SoftmaxExperiment.Create(_train.Features, options);
    }

    [Benchmark]
    public double Epoch() => SoftmaxExperiment.Pass(_model!, _train!, _order, 20, step: true, null, null).Ce;
}
