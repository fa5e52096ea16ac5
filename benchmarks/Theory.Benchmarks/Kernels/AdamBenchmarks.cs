using BenchmarkDotNet.Attributes;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>One Adam step over 7850 parameters.</summary>
[MemoryDiagnoser]
public class AdamBenchmarks
{
    private double[] _theta = [], _g = [], _m = [], _v = [];
    private readonly AdamCoefficients _k = new(0.9, 0.999, 1e-8, 1e-4, 1.1, 1.2);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(3);
        _theta = [.. Enumerable.Range(0, 7850).Select(_ => rng.NextGaussian())];
        _g = [.. Enumerable.Range(0, 7850).Select(_ => rng.NextGaussian())];
        _m = new double[7850];
        _v = [.. Enumerable.Range(0, 7850).Select(_ => 1.0)];
    }

    [Benchmark(Baseline = true)]
    public double[] ScalarPath()
    {
        AdamKernel.StepScalar(_theta, _g, _m, _v, _k);
        return _theta;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        AdamKernel.Step(_theta, _g, _m, _v, _k);
        return _theta;
    }
}
