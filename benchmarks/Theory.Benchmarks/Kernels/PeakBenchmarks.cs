using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Theory.Benchmarks.Kernels;

/// <summary>
/// This machine's double-precision peak on one core: 10^7 iterations of 8 independent Vector256 fused
/// multiply-adds = 6.4e8 flops. Peak GFLOP/s = 0.64 / (median seconds).
/// </summary>
public class PeakBenchmarks
{
    [Benchmark]
    public double FmaLoop()
    {
        var m = Vector256.Create(0.999999);
        var c = Vector256.Create(1e-7);
        Vector256<double> a0 = Vector256.Create(1.0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < 10_000_000; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }
}
