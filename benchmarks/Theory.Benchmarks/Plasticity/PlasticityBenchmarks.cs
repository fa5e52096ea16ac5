using BenchmarkDotNet.Attributes;
using Theory.Kernels;
using Theory.Plasticity;

namespace Theory.Benchmarks.Plasticity;

/// <summary>
/// <c>theory plasticity</c>: the fused sensitivity step (13.6) for one unit and one term at n = 500, vector
/// against scalar; one trajectory's least-squares sums (RSS, J^T r, J^T J over 27 terms) of the robustness sweep's
/// 500 -> 50 network (T = 50, 18 of 50 units observed), and its forward run alone (what an LM trial costs); and
/// the whole default 10 -> 10 fit, one thread.
/// </summary>
[MemoryDiagnoser]
public class PlasticityBenchmarks
{
    private double[] _s = [], _phi = [], _gy = [], _gw = [], _x = [];
    private PlasticityModel _wide = null!;
    private Recording _recording = null!;
    private int[] _free = [];
    private double[] _theta = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Theory.Stats.Xoshiro256(5);
        double[] Draw(int n, double sd) => [.. Enumerable.Range(0, n).Select(_ => sd * rng.NextGaussian())];
        (_s, _phi, _gy, _gw, _x) = (Draw(500, 1), Draw(500, 1), Draw(500, 1e-3), Draw(500, 1e-3), Draw(500, 0.1));
        _wide = new PlasticityModel(500, 50, Activation.Sigmoid, 1.0 / 500);
        var options = new RecordingOptions(1, 50, "gaussian", 0.1, 10, 0.2, 1 / Math.Sqrt(500), 0.01, null, 0.36, 1);
        _recording = PlasticityData.Record(_wide, PlasticityRule.Oja(), options);
        _free = [.. Enumerable.Range(0, PlasticityRule.Terms)];
        _theta = PlasticityRule.Oja();
        _theta[PlasticityRule.Index(0, 0, 1)] = 1e-3;
    }

    [Benchmark(Baseline = true)]
    public double SensitivityStepScalar() => PlasticityKernels.SensitivityStepScalar(_s, _phi, 1e-3, _gy, 0.5, _gw, _x);

    [Benchmark]
    public double SensitivityStepVector() => PlasticityKernels.SensitivityStep(_s, _phi, 1e-3, _gy, 0.5, _gw, _x);

    [Benchmark]
    public double SweepTrajectorySums() => PlasticityFit.Sums(_wide, _recording, _theta, _free, true, 1)!.Value.Rss;

    [Benchmark]
    public double SweepTrajectoryForward() => PlasticityFit.Rss(_wide, _recording, _theta, 1)!.Value;

    [Benchmark]
    public double DefaultFit()
    {
        var model = new PlasticityModel(10, 10, Activation.Sigmoid, 0.1);
        var options = new RecordingOptions(50, 100, "gaussian", 1, 10, 0.2, 1 / Math.Sqrt(10), 0, null, 1, 1);
        Recording data = PlasticityData.Record(model, PlasticityRule.Oja(), options);
        return PlasticityFit.Fit(model, data, new FitOptions("lm", _free, 0, 100, 1e-3, 1)).Loss[^1];
    }
}
