using BenchmarkDotNet.Attributes;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks.Training;

/// <summary>
/// The two halves of <see cref="EpochBenchmarks"/>' double epoch (one weight sample per minibatch), each run
/// for the epoch's 3000 minibatches of 20 on its own, to show where the time goes:
/// <list type="bullet">
/// <item><see cref="ParameterWork"/>: what every minibatch does to each of the 7850 parameters whatever the
/// data: the weight sample (eps and w = mu + sigma eps), the parameter gradients (one exp each for the
/// reliability cost), the two Adam steps and the softplus of the new phi.</item>
/// <item><see cref="DataWork"/>: the row gather, the forward product, the softmax and the gradient outer
/// product.</item>
/// </list>
/// A fresh model for every iteration keeps sigma where training keeps it: the parameter work alone, with a
/// fixed data gradient, lets the reliability cost push sigma up without the data's pull back.
/// </summary>
[MemoryDiagnoser]
public class EpochPartsBenchmarks
{
    private const int BatchSize = 20;
    private ImageDataSet? _train;
    private int[] _order = [];
    private StochasticNetwork<double>? _model;

    /// <summary>Hidden widths: "" for the 784 -> 10 classifier, "100,100" for the paper's Figure-5 network.</summary>
    [Params("", "100,100")]
    public string Hidden { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        (_train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory));
        var rng = new Theory.Stats.Xoshiro256(1);
        _order = [.. Enumerable.Range(0, _train.Count).OrderBy(_ => rng.NextUInt64())];
    }

    [IterationSetup]
    public void FreshModel()
    {
        _model = new StochasticNetwork<double>(_train!.Features, new SoftmaxTrainingOptions(2.0 / 3, Hidden: Hidden.Length == 0 ? [] : [.. Hidden.Split(',').Select(int.Parse)]));
        _model.SampleWeights();
        _model.DataGradient(_train, _order.AsSpan(0, BatchSize));
    }

    [Benchmark]
    public void ParameterWork()
    {
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            _model!.SampleWeights();
            _model.ParameterGradients(BatchSize, _order.Length);
            _model.AdamStep();
        }
    }

    [Benchmark]
    public double DataWork()
    {
        double ce = 0;
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            if (start + BatchSize < _order.Length)
            {
                _train!.Touch(_order.AsSpan(start + BatchSize, BatchSize));
            }

            ce += _model!.DataGradient(_train!, _order.AsSpan(start, BatchSize)).CrossEntropy;
        }

        return ce;
    }
}
