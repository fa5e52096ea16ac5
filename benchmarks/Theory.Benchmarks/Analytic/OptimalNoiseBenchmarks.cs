using BenchmarkDotNet.Attributes;
using Theory.Analytic;

namespace Theory.Benchmarks.Analytic;

/// <summary>Closed-form sigma* for 10^6 synapses.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class OptimalNoiseBenchmarks
{
    private double[] _importance = [];

    [Params(1_000_000)]
    public int Synapses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(1);
        _importance = [.. Enumerable.Range(0, Synapses).Select(_ => Math.Exp(10 * rng.NextDouble()))];
    }

    [Benchmark(Baseline = true)]
    public double[] Scalar() => OptimalNoise.Sigmas(2.0 / 3, 1e-3, 1, _importance);
}
