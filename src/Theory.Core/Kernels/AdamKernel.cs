using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Adam update, element-wise over spans: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
/// theta -= lr (m c1) / (sqrt(v c2) + eps). The vector body and the scalar tail use the same operations in
/// the same order without fused multiply-add, so every path gives the same bits.
/// </summary>
public static class AdamKernel
{
    /// <summary>One step over all elements, choosing the widest vector path the CPU accelerates.</summary>
    public static void Step(Span<double> theta, ReadOnlySpan<double> g, Span<double> m, Span<double> v, AdamCoefficients k)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            i = Step512(theta, g, m, v, k);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            i = Step256(theta, g, m, v, k);
        }

        StepScalar(theta, g, m, v, k, i);
    }

    /// <summary>The scalar reference path from element <paramref name="start"/> on.</summary>
    public static void StepScalar(Span<double> theta, ReadOnlySpan<double> g, Span<double> m, Span<double> v, AdamCoefficients k, int start = 0)
    {
        double b1 = k.Beta1, b2 = k.Beta2, a1 = 1 - k.Beta1, a2 = 1 - k.Beta2;
        for (int i = start; i < theta.Length; i++)
        {
            double gi = g[i];
            double mi = (b1 * m[i]) + (a1 * gi);
            double vi = (b2 * v[i]) + (a2 * (gi * gi));
            m[i] = mi;
            v[i] = vi;
            theta[i] -= k.LearningRate * (mi * k.C1) / (Math.Sqrt(vi * k.C2) + k.Epsilon);
        }
    }

    private static int Step256(Span<double> theta, ReadOnlySpan<double> g, Span<double> m, Span<double> v, AdamCoefficients k)
    {
        var b1 = Vector256.Create(k.Beta1);
        var b2 = Vector256.Create(k.Beta2);
        var a1 = Vector256.Create(1 - k.Beta1);
        var a2 = Vector256.Create(1 - k.Beta2);
        var c1 = Vector256.Create(k.C1);
        var c2 = Vector256.Create(k.C2);
        var eps = Vector256.Create(k.Epsilon);
        var lr = Vector256.Create(k.LearningRate);
        int i = 0;
        for (; i <= theta.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var gi = Vector256.Create(g.Slice(i, Vector256<double>.Count));
            var mi = (b1 * Vector256.Create((ReadOnlySpan<double>)m.Slice(i, Vector256<double>.Count))) + (a1 * gi);
            var vi = (b2 * Vector256.Create((ReadOnlySpan<double>)v.Slice(i, Vector256<double>.Count))) + (a2 * (gi * gi));
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
            var t = Vector256.Create((ReadOnlySpan<double>)theta.Slice(i, Vector256<double>.Count));
            (t - (lr * (mi * c1) / (Vector256.Sqrt(vi * c2) + eps))).CopyTo(theta.Slice(i));
        }

        return i;
    }

    private static int Step512(Span<double> theta, ReadOnlySpan<double> g, Span<double> m, Span<double> v, AdamCoefficients k)
    {
        var b1 = Vector512.Create(k.Beta1);
        var b2 = Vector512.Create(k.Beta2);
        var a1 = Vector512.Create(1 - k.Beta1);
        var a2 = Vector512.Create(1 - k.Beta2);
        var c1 = Vector512.Create(k.C1);
        var c2 = Vector512.Create(k.C2);
        var eps = Vector512.Create(k.Epsilon);
        var lr = Vector512.Create(k.LearningRate);
        int i = 0;
        for (; i <= theta.Length - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            var gi = Vector512.Create(g.Slice(i, Vector512<double>.Count));
            var mi = (b1 * Vector512.Create((ReadOnlySpan<double>)m.Slice(i, Vector512<double>.Count))) + (a1 * gi);
            var vi = (b2 * Vector512.Create((ReadOnlySpan<double>)v.Slice(i, Vector512<double>.Count))) + (a2 * (gi * gi));
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
            var t = Vector512.Create((ReadOnlySpan<double>)theta.Slice(i, Vector512<double>.Count));
            (t - (lr * (mi * c1) / (Vector512.Sqrt(vi * c2) + eps))).CopyTo(theta.Slice(i));
        }

        return i;
    }
}
