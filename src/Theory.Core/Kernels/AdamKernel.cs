using System.Numerics;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Adam update, element-wise over spans of double or float: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
/// theta -= lr (m c1) / (sqrt(v c2) + eps). The vector body and the scalar tail use the same operations in
/// the same order without fused multiply-add, so every path gives the same bits.
/// </summary>
public static class AdamKernel
{
    /// <summary>One step over all elements, choosing the widest vector path the CPU accelerates.</summary>
    public static void Step<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamCoefficients k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.RequireLength(theta.Length, "theta, g, m, v", g.Length, m.Length, v.Length);
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
    public static void StepScalar<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamCoefficients k, int start = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T b1 = T.CreateTruncating(k.Beta1), b2 = T.CreateTruncating(k.Beta2);
        T a1 = T.CreateTruncating(1 - k.Beta1), a2 = T.CreateTruncating(1 - k.Beta2);
        T c1 = T.CreateTruncating(k.C1), c2 = T.CreateTruncating(k.C2), eps = T.CreateTruncating(k.Epsilon), lr = T.CreateTruncating(k.LearningRate);
        for (int i = start; i < theta.Length; i++)
        {
            T gi = g[i];
            T mi = (b1 * m[i]) + (a1 * gi);
            T vi = (b2 * v[i]) + (a2 * (gi * gi));
            m[i] = mi;
            v[i] = vi;
            theta[i] -= lr * (mi * c1) / (T.Sqrt(vi * c2) + eps);
        }
    }

    internal static int Step256<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamCoefficients k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b1 = Vector256.Create(T.CreateTruncating(k.Beta1));
        var b2 = Vector256.Create(T.CreateTruncating(k.Beta2));
        var a1 = Vector256.Create(T.CreateTruncating(1 - k.Beta1));
        var a2 = Vector256.Create(T.CreateTruncating(1 - k.Beta2));
        var c1 = Vector256.Create(T.CreateTruncating(k.C1));
        var c2 = Vector256.Create(T.CreateTruncating(k.C2));
        var eps = Vector256.Create(T.CreateTruncating(k.Epsilon));
        var lr = Vector256.Create(T.CreateTruncating(k.LearningRate));
        int w = Vector256<T>.Count;
        int i = 0;
        for (; i <= theta.Length - w; i += w)
        {
            var gi = Simd.Load256(g, i);
            var mi = (b1 * Simd.Load256(m, i)) + (a1 * gi);
            var vi = (b2 * Simd.Load256(v, i)) + (a2 * (gi * gi));
            Simd.Store256(mi, m, i);
            Simd.Store256(vi, v, i);
            var t = Simd.Load256(theta, i);
            Simd.Store256(t - (lr * (mi * c1) / (Vector256.Sqrt(vi * c2) + eps)), theta, i);
        }

        return i;
    }

    internal static int Step512<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamCoefficients k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b1 = Vector512.Create(T.CreateTruncating(k.Beta1));
        var b2 = Vector512.Create(T.CreateTruncating(k.Beta2));
        var a1 = Vector512.Create(T.CreateTruncating(1 - k.Beta1));
        var a2 = Vector512.Create(T.CreateTruncating(1 - k.Beta2));
        var c1 = Vector512.Create(T.CreateTruncating(k.C1));
        var c2 = Vector512.Create(T.CreateTruncating(k.C2));
        var eps = Vector512.Create(T.CreateTruncating(k.Epsilon));
        var lr = Vector512.Create(T.CreateTruncating(k.LearningRate));
        int w = Vector512<T>.Count;
        int i = 0;
        for (; i <= theta.Length - w; i += w)
        {
            var gi = Simd.Load512(g, i);
            var mi = (b1 * Simd.Load512(m, i)) + (a1 * gi);
            var vi = (b2 * Simd.Load512(v, i)) + (a2 * (gi * gi));
            Simd.Store512(mi, m, i);
            Simd.Store512(vi, v, i);
            var t = Simd.Load512(theta, i);
            Simd.Store512(t - (lr * (mi * c1) / (Vector512.Sqrt(vi * c2) + eps)), theta, i);
        }

        return i;
    }
}
