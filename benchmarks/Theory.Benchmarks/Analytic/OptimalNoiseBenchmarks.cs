using BenchmarkDotNet.Attributes;
using Theory.Analytic;
using Theory.Kernels;

namespace Theory.Benchmarks.Analytic;

/// <summary>Closed-form sigma* for 10^6 synapses: Math.Log/Exp per element, the same with FastMath, vectorised.</summary>
[MemoryDiagnoser]
public class OptimalNoiseBenchmarks
{
    private double[] _importance = [];
    private double[] _sigma = [];

    [Params(1_000_000)]
    public int Synapses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(1);
        _importance = [.. Enumerable.Range(0, Synapses).Select(_ => Math.Exp(10 * rng.NextDouble()))];
        _sigma = new double[Synapses];
    }

    [Benchmark(Baseline = true)]
    public double[] Scalar() => OptimalNoise.Sigmas(2.0 / 3, 1e-3, 1, _importance);

    [Benchmark]
    public double[] ScalarFastMath()
    {
        OptimalNoiseKernel.SigmasScalar(2.0 / 3, 1e-3, 1, _importance, _sigma);
        return _sigma;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        OptimalNoiseKernel.Sigmas(2.0 / 3, 1e-3, 1, _importance, _sigma);
        return _sigma;
    }
}
