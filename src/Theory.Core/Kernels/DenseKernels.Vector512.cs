using System.Numerics;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Vector512 bodies of <see cref="DenseKernels"/>: the Vector256 bodies with the type replaced and nothing
/// else. Keep the two files in step. The outer product gives the scalar reference's bits on every path; the
/// forward product's eight-lane partial sums round differently from the four-lane ones, within the same bound.
/// The tests run these bodies directly (on CPUs without AVX-512, through .NET's software Vector512).
/// </summary>
public static partial class DenseKernels
{
    internal static void Forward512<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Columns in chunks of 256 so that the chunk of W (K x 2 KB; 20 KB for K = 10) stays in L1 while every
        // example passes over it: W is read from L2 once per minibatch instead of once per example. Two examples
        // share each load of W; partial sums go to z chunk by chunk. Chunks of 64 took 11.9 us per minibatch,
        // 256 take 9.7-10.0 us: fewer horizontal sums.
        const int Chunk = 256;
        int W = Vector512<T>.Count;
        int dv = d / W * W;
        for (int n = 0; n < b; n++)
        {
            for (int r = 0; r < k; r++)
            {
                z[n * k + r] = T.Zero;
            }
        }

        for (int j0 = 0; j0 < dv; j0 += Chunk)
        {
            int j1 = Math.Min(j0 + Chunk, dv);
            // Rows in blocks of five outermost, pairs of examples inside: the block's five rows of the chunk of W (10 KB in
            // double) stay in L1 while the minibatch passes over them, whatever K is. Each output's partial sums are the
            // same operations in the same order as with the loops the other way round, so the bits do not depend on it.
            int r = 0;
            for (; r + 5 <= k; r += 5)
            {
                ReadOnlySpan<T> w0 = w.Slice(r * d, d), w1 = w.Slice((r + 1) * d, d), w2 = w.Slice((r + 2) * d, d),
                    w3 = w.Slice((r + 3) * d, d), w4 = w.Slice((r + 4) * d, d);
                int n = 0;
                for (; n + 2 <= b; n += 2)
                {
                    ReadOnlySpan<T> xa = x.Slice(n * d, d), xb = x.Slice((n + 1) * d, d);
                    Vector512<T> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
                    Vector512<T> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
                    for (int j = j0; j < j1; j += W)
                    {
                        var xva = Simd.Load512(xa, j);
                        var xvb = Simd.Load512(xb, j);
                        var v = Simd.Load512(w0, j);
                        a0 = Simd.FusedMultiplyAdd(v, xva, a0);
                        b0 = Simd.FusedMultiplyAdd(v, xvb, b0);
                        v = Simd.Load512(w1, j);
                        a1 = Simd.FusedMultiplyAdd(v, xva, a1);
                        b1 = Simd.FusedMultiplyAdd(v, xvb, b1);
                        v = Simd.Load512(w2, j);
                        a2 = Simd.FusedMultiplyAdd(v, xva, a2);
                        b2 = Simd.FusedMultiplyAdd(v, xvb, b2);
                        v = Simd.Load512(w3, j);
                        a3 = Simd.FusedMultiplyAdd(v, xva, a3);
                        b3 = Simd.FusedMultiplyAdd(v, xvb, b3);
                        v = Simd.Load512(w4, j);
                        a4 = Simd.FusedMultiplyAdd(v, xva, a4);
                        b4 = Simd.FusedMultiplyAdd(v, xvb, b4);
                    }

                    int za = n * k + r, zb = (n + 1) * k + r;
                    z[za] += Vector512.Sum(a0);
                    z[za + 1] += Vector512.Sum(a1);
                    z[za + 2] += Vector512.Sum(a2);
                    z[za + 3] += Vector512.Sum(a3);
                    z[za + 4] += Vector512.Sum(a4);
                    z[zb] += Vector512.Sum(b0);
                    z[zb + 1] += Vector512.Sum(b1);
                    z[zb + 2] += Vector512.Sum(b2);
                    z[zb + 3] += Vector512.Sum(b3);
                    z[zb + 4] += Vector512.Sum(b4);
                }

                for (; n < b; n++)
                {
                    for (int rr = r; rr < r + 5; rr++)
                    {
                        z[n * k + rr] += Dot512(w.Slice(rr * d, d), x.Slice(n * d, d), j0, j1);
                    }
                }
            }

            for (; r < k; r++)
            {
                for (int n = 0; n < b; n++)
                {
                    z[n * k + r] += Dot512(w.Slice(r * d, d), x.Slice(n * d, d), j0, j1);
                }
            }
        }

        for (int n = 0; n < b; n++)
        {
            for (int r = 0; r < k; r++)
            {
                z[n * k + r] = bias[r] + Tail(w.Slice(r * d, d), x.Slice(n * d, d), dv, z[n * k + r]);
            }
        }
    }

    private static T Dot512<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> a = default;
        for (int j = j0; j < j1; j += Vector512<T>.Count)
        {
            a = Simd.FusedMultiplyAdd(Simd.Load512(w, j), Simd.Load512(x, j), a);
        }

        return Vector512.Sum(a);
    }

    /// <summary>The Vector512 body of <see cref="InputGradient"/>; returns where the scalar tail starts.</summary>
    internal static int InputGradient512<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, Span<T> dh, int k, int d, int b, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector512<T>.Count;
        int jv = j0 + ((j1 - j0) / W * W);
        for (int j = j0; j < jv; j += W)
        {
            int n = 0;
            for (; n + 2 <= b; n += 2)
            {
                Vector512<T> a = default, c = default;
                for (int r = 0; r < k; r++)
                {
                    var wv = Simd.Load512(w, (r * d) + j);
                    a = Simd.FusedMultiplyAdd(Vector512.Create(delta[(n * k) + r]), wv, a);
                    c = Simd.FusedMultiplyAdd(Vector512.Create(delta[((n + 1) * k) + r]), wv, c);
                }

                Simd.Store512(a, dh, (n * d) + j);
                Simd.Store512(c, dh, ((n + 1) * d) + j);
            }

            for (; n < b; n++)
            {
                Vector512<T> a = default;
                for (int r = 0; r < k; r++)
                {
                    a = Simd.FusedMultiplyAdd(Vector512.Create(delta[(n * k) + r]), Simd.Load512(w, (r * d) + j), a);
                }

                Simd.Store512(a, dh, (n * d) + j);
            }
        }

        // Fewer than W columns left: Vector256 where it fits, then the scalar tail.
        return Vector256.IsHardwareAccelerated ? InputGradient256(delta, w, dh, k, d, b, jv, j1) : jv;
    }

    internal static void OuterProduct512<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Column chunks outermost: the minibatch's 4W columns (B x 32W bytes) stay in L1 while every pair of
        // classes passes over them, instead of x being streamed from L2 once per pair.
        int W = Vector512<T>.Count;
        int jEnd = d / (4 * W) * (4 * W);
        for (int j = 0; j < jEnd; j += 4 * W)
        {
            int r = 0;
            for (; r + 2 <= k; r += 2)
            {
                Vector512<T> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector512<T> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int n = 0; n < b; n++)
                {
                    var d0 = Vector512.Create(delta[n * k + r]);
                    var d1 = Vector512.Create(delta[n * k + r + 1]);
                    int xn = n * d + j;
                    var x0 = Simd.Load512(x, xn);
                    var x1 = Simd.Load512(x, xn + W);
                    var x2 = Simd.Load512(x, xn + (2 * W));
                    var x3 = Simd.Load512(x, xn + (3 * W));
                    a00 = Simd.FusedMultiplyAdd(d0, x0, a00);
                    a01 = Simd.FusedMultiplyAdd(d0, x1, a01);
                    a02 = Simd.FusedMultiplyAdd(d0, x2, a02);
                    a03 = Simd.FusedMultiplyAdd(d0, x3, a03);
                    a10 = Simd.FusedMultiplyAdd(d1, x0, a10);
                    a11 = Simd.FusedMultiplyAdd(d1, x1, a11);
                    a12 = Simd.FusedMultiplyAdd(d1, x2, a12);
                    a13 = Simd.FusedMultiplyAdd(d1, x3, a13);
                }

                int g0 = r * d + j, g1 = g0 + d;
                Simd.Store512(a00, g, g0);
                Simd.Store512(a01, g, g0 + W);
                Simd.Store512(a02, g, g0 + (2 * W));
                Simd.Store512(a03, g, g0 + (3 * W));
                Simd.Store512(a10, g, g1);
                Simd.Store512(a11, g, g1 + W);
                Simd.Store512(a12, g, g1 + (2 * W));
                Simd.Store512(a13, g, g1 + (3 * W));
            }

            if (r < k)
            {
                OuterProductColumns512(delta, x, g, r, k - r, j, j + 4 * W, k, d, b);
            }
        }

        OuterProductColumns512(delta, x, g, 0, k, jEnd, d, k, d, b);
    }

    private static void OuterProductColumns512<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int r0, int rows, int j0, int j1, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector512<T>.Count;
        for (int r = r0; r < r0 + rows; r++)
        {
            int j = j0;
            for (; j + W <= j1; j += W)
            {
                Vector512<T> a = default;
                for (int n = 0; n < b; n++)
                {
                    a = Simd.FusedMultiplyAdd(Vector512.Create(delta[n * k + r]), Simd.Load512(x, n * d + j), a);
                }

                Simd.Store512(a, g, r * d + j);
            }

            for (; j < j1; j++)
            {
                T acc = T.Zero;
                for (int n = 0; n < b; n++)
                {
                    acc = T.FusedMultiplyAdd(delta[n * k + r], x[n * d + j], acc);
                }

                g[r * d + j] = acc;
            }
        }
    }
}
