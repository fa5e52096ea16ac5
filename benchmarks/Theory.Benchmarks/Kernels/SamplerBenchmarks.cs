using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Distributions;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>One minibatch's weight noise: 7850 standard normals.</summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private readonly GaussianSampler _sampler = new(1);
    private readonly double[] _z = new double[7850];
    private readonly Random _random = new MathNet.Numerics.Random.Xoshiro256StarStar(1);

    [Benchmark(Baseline = true)]
    public double[] ScalarPath()
    {
        _sampler.FillScalar(_z);
        return _z;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        _sampler.Fill(_z);
        return _z;
    }

    [Benchmark]
    public double[] MathNet()
    {
        Normal.Samples(_random, _z, 0, 1);
        return _z;
    }
}
