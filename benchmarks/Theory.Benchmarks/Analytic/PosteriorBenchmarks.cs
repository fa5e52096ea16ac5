using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Theory.Analytic;

namespace Theory.Benchmarks.Analytic;

/// <summary>Exact posterior marginal variances (P^-1)_ii for d = 784: managed Cholesky against LAPACK dpotrf/dpotri.</summary>
[MemoryDiagnoser]
public class PosteriorBenchmarks
{
    private Matrix<double> _gram = Matrix<double>.Build.Dense(1, 1);

    [Params(784)]
    public int Synapses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(1);
        var x = Matrix<double>.Build.Dense(2 * Synapses, Synapses, (_, _) => rng.NextDouble() < 0.2 ? 1.0 : 0.0);
        _gram = x.TransposeThisAndMultiply(x);
        if (!NativeLapack.IsAvailable)
        {
            throw new InvalidOperationException("liblapacke.so.3 is not available: apt-get install liblapacke libopenblas0");
        }
    }

    [Benchmark(Baseline = true)]
    public double[] Managed() => Posterior.ExactMarginalVariances(_gram, 1, 10, native: false);

    [Benchmark]
    public double[] NativeLapackPath() => Posterior.ExactMarginalVariances(_gram, 1, 10, native: true);
}
