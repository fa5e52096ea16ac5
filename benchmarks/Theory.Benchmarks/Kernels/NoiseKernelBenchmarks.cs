using BenchmarkDotNet.Attributes;
using Theory.Kernels;

namespace Theory.Benchmarks.Kernels;

/// <summary>
/// The per-minibatch noise kernels over 7850 parameters, with sigma near the trainer's 1e-4 (phi about -9.2,
/// the power-series path): softplus (sigma, its slope and ln sigma) and the parameter gradients (one exp each
/// for the reliability cost).
/// </summary>
[MemoryDiagnoser]
public class NoiseKernelBenchmarks
{
    private const int Parameters = 7850;
    private readonly double[] _sigma = new double[Parameters], _slope = new double[Parameters], _logSigma = new double[Parameters];
    private readonly double[] _gMu = new double[Parameters], _gPhi = new double[Parameters];
    private readonly GradientCoefficients _c = new(20.0 / 60000 * 0.01, Math.Log(20.0 / 60000) + (2.0 / 3 * Math.Log(1e-3)), 5.0 / 3);
    private double[] _phi = [], _g = [], _eps = [], _mu = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(5);
        _phi = [.. Enumerable.Range(0, Parameters).Select(_ => Math.Log(1e-4) + (0.5 * rng.NextGaussian()))];
        _g = [.. Enumerable.Range(0, Parameters).Select(_ => rng.NextGaussian())];
        _eps = [.. Enumerable.Range(0, Parameters).Select(_ => rng.NextGaussian())];
        _mu = [.. Enumerable.Range(0, Parameters).Select(_ => 0.1 * rng.NextGaussian())];
        NoiseKernels.Softplus(_phi, _sigma, _slope, _logSigma);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Softplus")]
    public double[] SoftplusScalar()
    {
        NoiseKernels.SoftplusScalar(_phi, _sigma, _slope, _logSigma);
        return _sigma;
    }

    [Benchmark]
    [BenchmarkCategory("Softplus")]
    public double[] Softplus()
    {
        NoiseKernels.Softplus(_phi, _sigma, _slope, _logSigma);
        return _sigma;
    }

    [Benchmark]
    [BenchmarkCategory("Gradients")]
    public double[] ParameterGradientsScalar()
    {
        NoiseKernels.ParameterGradientsScalar(_g, _g, _eps, _mu, _logSigma, _slope, _gMu, _gPhi, _c);
        return _gPhi;
    }

    [Benchmark]
    [BenchmarkCategory("Gradients")]
    public double[] ParameterGradients()
    {
        NoiseKernels.ParameterGradients(_g, _g, _eps, _mu, _logSigma, _slope, _gMu, _gPhi, _c);
        return _gPhi;
    }
}
