using BenchmarkDotNet.Attributes;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks.Training;

/// <summary>
/// One training epoch of the no-hidden-layer stochastic classifier: 60,000 MNIST images, batch 20, double,
/// one thread: the trainer's own training pass (gradients and Adam steps; no Fisher, Hessian or accuracy
/// passes); double and --float.
/// </summary>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private ImageDataSet? _train;
    private int[] _order = [];
    private IStochasticSoftmax? _model;

    [Params(WeightEstimator.Sample, WeightEstimator.Local)]
    public WeightEstimator Estimator { get; set; }

    [Params(false, true)]
    public bool SinglePrecision { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory));
        var rng = new Theory.Stats.Xoshiro256(1);
        _order = [.. Enumerable.Range(0, _train.Count).OrderBy(_ => rng.NextUInt64())];
        var options = new SoftmaxTrainingOptions(2.0 / 3, Estimator: Estimator, SinglePrecision: SinglePrecision);
        _model = SinglePrecision ? new StochasticSoftmaxSingle(_train.Features, options) : new StochasticSoftmax(_train.Features, options);
    }

    [Benchmark]
    public double Epoch() => SoftmaxExperiment.Pass(_model!, _train!, _order, 20, step: true, null, null).Ce;
}
