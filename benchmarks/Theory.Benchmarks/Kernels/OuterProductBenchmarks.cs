using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>The gradient outer product g = delta^T x (B = 20, D = 784, K = 10).</summary>
[MemoryDiagnoser]
public class OuterProductBenchmarks
{
    private const int B = 20, D = 784, K = 10;
    private double[] _delta = [], _x = [], _g = [];
    private Matrix<double> _dm = Matrix<double>.Build.Dense(1, 1), _xm = Matrix<double>.Build.Dense(1, 1), _gm = Matrix<double>.Build.Dense(1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(2);
        _delta = [.. Enumerable.Range(0, B * K).Select(_ => rng.NextGaussian())];
        _x = [.. Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian())];
        _g = new double[K * D];
        _dm = Matrix<double>.Build.Dense(B, K, (r, c) => _delta[r * K + c]);
        _xm = Matrix<double>.Build.Dense(B, D, (r, c) => _x[r * D + c]);
        _gm = Matrix<double>.Build.Dense(K, D);
    }

    [Benchmark(Baseline = true)]
    public double[] ScalarLoop()
    {
        DenseKernels.OuterProductScalar(_delta, _x, _g, K, D, B);
        return _g;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        DenseKernels.OuterProduct(_delta, _x, _g, K, D, B);
        return _g;
    }

    [Benchmark]
    public Matrix<double> MathNet()
    {
        _dm.TransposeThisAndMultiply(_xm, _gm);
        return _gm;
    }
}
