using BenchmarkDotNet.Attributes;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>
/// The three batch products of each layer of the paper's 784 -> 100 -> 100 -> 10 network, B = 20, double: forward
/// h W^T + b, weight gradient delta^T h and input gradient delta W, the SIMD kernels against their scalar references.
/// GFLOP/s = 2 B K D / (median seconds) / 1e9; compare with <see cref="PeakBenchmarks"/>' FMA peak of the same run.
/// </summary>
[MemoryDiagnoser]
public class LayerProductBenchmarks
{
    private const int B = 20;
    private double[] _w = [], _bias = [], _h = [], _z = [], _delta = [], _g = [], _dh = [];

    /// <summary>Layer shape as "inputs x outputs".</summary>
    [Params("784x100", "100x100", "100x10")]
    public string Layer { get; set; } = "784x100";

    private int D => int.Parse(Layer.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    private int K => int.Parse(Layer.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(1);
        double[] Gaussians(int n) => [.. Enumerable.Range(0, n).Select(_ => rng.NextGaussian())];
        (_w, _bias, _h, _delta) = (Gaussians(K * D), Gaussians(K), Gaussians(B * D), Gaussians(B * K));
        (_z, _g, _dh) = (new double[B * K], new double[K * D], new double[B * D]);
    }

    [Benchmark]
    public double[] Forward()
    {
        DenseKernels.Forward<double>(_w, _bias, _h, _z, K, D, B);
        return _z;
    }

    [Benchmark]
    public double[] ForwardScalar()
    {
        DenseKernels.ForwardScalar<double>(_w, _bias, _h, _z, K, D, B);
        return _z;
    }

    [Benchmark]
    public double[] WeightGradient()
    {
        DenseKernels.OuterProduct<double>(_delta, _h, _g, K, D, B);
        return _g;
    }

    [Benchmark]
    public double[] WeightGradientScalar()
    {
        DenseKernels.OuterProductScalar<double>(_delta, _h, _g, K, D, B);
        return _g;
    }

    [Benchmark]
    public double[] InputGradient()
    {
        DenseKernels.InputGradient<double>(_delta, _w, _dh, K, D, B);
        return _dh;
    }

    [Benchmark]
    public double[] InputGradientScalar()
    {
        DenseKernels.InputGradientScalar<double>(_delta, _w, _dh, K, D, B);
        return _dh;
    }
}
