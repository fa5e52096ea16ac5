using BenchmarkDotNet.Attributes;
using Theory.Bound;

namespace Theory.Benchmarks.Bound;

/// <summary>Entropy-bound gap evaluations over 10^6 sigmas (fixed rho, s), single thread.</summary>
[MemoryDiagnoser]
public class GapBenchmarks
{
    private double[] _sigma = [];
    private double[] _gap = [];

    [Params(1_000_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sigma = GapScan.LogSpace(1e-12, 1e6, Points);
        _gap = new double[Points];
    }

    [Benchmark(Baseline = true)]
    public double[] Scalar()
    {
        EntropyBound.GapsScalar(2.0 / 3, 1e-3, _sigma, _gap);
        return _gap;
    }

    [Benchmark]
    public double[] Vectorised()
    {
        EntropyBound.Gaps(2.0 / 3, 1e-3, _sigma, _gap);
        return _gap;
    }
}
