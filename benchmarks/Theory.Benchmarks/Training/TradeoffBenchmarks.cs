using BenchmarkDotNet.Attributes;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks.Training;

/// <summary>
/// One training epoch of a tradeoff run (60,000 MNIST images, batch 20, no hidden layer, double, one thread) in both
/// noise settings: what the homogeneous setting's tied phi gradient (a sum over every parameter per minibatch)
/// costs beside the heterogeneous epoch. `theory tradeoff`'s default sweep is 64 runs of 50 such epochs.
/// </summary>
[MemoryDiagnoser]
public class TradeoffBenchmarks
{
    private ImageDataSet? _train;
    private int[] _order = [];
    private IStochasticNetwork? _model;

    [Params(NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous)]
    public NoiseSetting Setting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory));
        var rng = new Theory.Stats.Xoshiro256(1);
        _order = [.. Enumerable.Range(0, _train.Count).OrderBy(_ => rng.NextUInt64())];
        var task = new TradeoffTask("calcium", 0.5, 1, Setting);
        _model = SoftmaxExperiment.Create(_train.Features, TradeoffSweep.OptionsFor(new SoftmaxTrainingOptions(0.5), task));
    }

    [Benchmark]
    public double Epoch() => SoftmaxExperiment.Pass(_model!, _train!, _order, 20, step: true, null, null).Ce;
}
