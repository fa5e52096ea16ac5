using BenchmarkDotNet.Attributes;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks.Training;

/// <summary>
/// The four phases of <see cref="EpochBenchmarks"/>' epoch (one weight sample per minibatch), each run on its own for the
/// epoch's 3000 minibatches of 20, so that the four medians add up to about one epoch and show where the time goes:
/// <list type="bullet">
/// <item><see cref="Sample"/>: eps from each stripe's sampler and w = mu + sigma eps, for every parameter.</item>
/// <item><see cref="DataGradient"/>: the row gather and normalisation, every layer's forward product, the softmax, and
/// the backward pass (weight gradients, bias sums, input gradients, ReLU masks).</item>
/// <item><see cref="ParameterGradients"/>: the gradients of mu and phi from the data term's, the reliability cost (one
/// exp per parameter) and the L1 cost.</item>
/// <item><see cref="AdamStep"/>: the two Adam steps and the softplus of the new phi (sigma, its slope and ln sigma).</item>
/// </list>
/// A fresh model for every iteration keeps sigma where training keeps it: a phase repeated on a fixed data gradient
/// lets the reliability cost push sigma up without the data's pull back. Threads 2 runs every phase on the model's
/// worker team, each thread on the parameters it owns.
/// </summary>
[MemoryDiagnoser]
public class EpochPhaseBenchmarks
{
    private const int BatchSize = 20;
    private ImageDataSet? _train;
    private int[] _order = [];
    private IPhases? _model;

    /// <summary>Hidden widths: "" for the 784 -> 10 classifier, "100,100" for the paper's Figure-5 network.</summary>
    [Params("", "100,100")]
    public string Hidden { get; set; } = string.Empty;

    [Params(false, true)]
    public bool SinglePrecision { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

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
        var options = new SoftmaxTrainingOptions(2.0 / 3, Hidden: Hidden.Length == 0 ? [] : [.. Hidden.Split(',').Select(int.Parse)],
            SinglePrecision: SinglePrecision, Threads: Threads);
        _model = SinglePrecision ? new Phases<float>(new StochasticNetwork<float>(_train!.Features, options)) : new Phases<double>(new StochasticNetwork<double>(_train!.Features, options));
        _model.Sample();
        _model.Data(_train, _order.AsSpan(0, BatchSize));
    }

    [Benchmark]
    public void Sample()
    {
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            _model!.Sample();
        }
    }

    [Benchmark]
    public double DataGradient()
    {
        double ce = 0;
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            if (start + BatchSize < _order.Length)
            {
                _train!.Touch(_order.AsSpan(start + BatchSize, BatchSize));
            }

            ce += _model!.Data(_train!, _order.AsSpan(start, BatchSize));
        }

        return ce;
    }

    [Benchmark]
    public void ParameterGradients()
    {
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            _model!.Gradients(BatchSize, _order.Length);
        }
    }

    [Benchmark]
    public void AdamStep()
    {
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            _model!.Step();
        }
    }

    /// <summary>The phases of a network of either precision.</summary>
    private interface IPhases
    {
        void Sample();

        double Data(ImageDataSet data, ReadOnlySpan<int> rows);

        void Gradients(int batchSize, int trainingSize);

        void Step();
    }

    private sealed class Phases<T>(StochasticNetwork<T> network) : IPhases
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public void Sample() => network.SampleWeights();

        public double Data(ImageDataSet data, ReadOnlySpan<int> rows) => network.DataGradient(data, rows).CrossEntropy;

        public void Gradients(int batchSize, int trainingSize) => network.ParameterGradients(batchSize, trainingSize);

        public void Step() => network.AdamStep();
    }
}
