using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>The minibatch forward product z = x W^T + b (B = 20, D = 784, K = 10).</summary>
[MemoryDiagnoser]
public class ForwardBenchmarks
{
    private const int B = 20, D = 784, K = 10;
    private double[] _w = [], _bias = [], _x = [], _z = [];
    private Matrix<double> _wm = Matrix<double>.Build.Dense(1, 1), _xm = Matrix<double>.Build.Dense(1, 1), _zm = Matrix<double>.Build.Dense(1, 1);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(1);
        _w = [.. Enumerable.Range(0, K * D).Select(_ => rng.NextGaussian())];
        _bias = [.. Enumerable.Range(0, K).Select(_ => rng.NextGaussian())];
        _x = [.. Enumerable.Range(0, B * D).Select(_ => rng.NextGaussian())];
        _z = new double[B * K];
        _wm = Matrix<double>.Build.Dense(K, D, (r, c) => _w[r * D + c]);
        _xm = Matrix<double>.Build.Dense(B, D, (r, c) => _x[r * D + c]);
        _zm = Matrix<double>.Build.Dense(B, K);
    }

    [Benchmark(Baseline = true)]
    public double[] ScalarLoop()
    {
        DenseKernels.ForwardScalar(_w, _bias, _x, _z, K, D, B);
        return _z;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        DenseKernels.Forward(_w, _bias, _x, _z, K, D, B);
        return _z;
    }

    [Benchmark]
    public Matrix<double> MathNet()
    {
        _xm.TransposeAndMultiply(_wm, _zm);
        return _zm;
    }
}
