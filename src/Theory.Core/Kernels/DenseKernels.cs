using System.Numerics;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The two matrix products of a no-hidden-layer network on a minibatch: the forward product
/// z = x W^T + bias and the gradient outer product g = delta^T x. Row-major throughout:
/// W is K x D, x is B x D, z and delta are B x K, g is K x D. Generic over double and float (the --float
/// model uses the float forms); the JIT compiles a separate body for each type.
/// </summary>
/// <remarks>
/// Both paths use fused multiply-add. The outer product sums over the batch in the same order on every path,
/// so vector and scalar agree bit for bit. The forward product is a reduction over D: the vector path keeps
/// four partial sums per output per 256-column chunk and adds them chunk by chunk, so it differs from the sequential scalar sum by
/// rounding only (a few ulps of sum |w x|).
/// </remarks>
public static partial class DenseKernels
{
    /// <summary>z[b,k] = bias[k] + sum_j w[k,j] x[b,j].</summary>
    public static void Forward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(w.Length >= k * d && bias.Length >= k && x.Length >= b * d && z.Length >= b * k);
        if (Vector512.IsHardwareAccelerated)
        {
            Forward512(w, bias, x, z, k, d, b);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Forward256(w, bias, x, z, k, d, b);
        }
        else
        {
            ForwardScalar(w, bias, x, z, k, d, b);
        }
    }

    /// <summary>Scalar reference of <see cref="Forward"/>: sequential fused multiply-adds.</summary>
    public static void ForwardScalar<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < b; n++)
        {
            ReadOnlySpan<T> xn = x.Slice(n * d, d);
            for (int r = 0; r < k; r++)
            {
                ReadOnlySpan<T> wr = w.Slice(r * d, d);
                T acc = T.Zero;
                for (int j = 0; j < d; j++)
                {
                    acc = T.FusedMultiplyAdd(wr[j], xn[j], acc);
                }

                z[n * k + r] = bias[r] + acc;
            }
        }
    }

    /// <summary>g[k,j] = sum_b delta[b,k] x[b,j] (overwrites g).</summary>
    public static void OuterProduct<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(delta.Length >= b * k && x.Length >= b * d && g.Length >= k * d);
        if (Vector512.IsHardwareAccelerated)
        {
            OuterProduct512(delta, x, g, k, d, b);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            OuterProduct256(delta, x, g, k, d, b);
        }
        else
        {
            OuterProductScalar(delta, x, g, k, d, b);
        }
    }

    /// <summary>Scalar reference of <see cref="OuterProduct"/>, summing over the batch in order.</summary>
    public static void OuterProductScalar<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < k; r++)
        {
            for (int j = 0; j < d; j++)
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

    /// <summary>
    /// dh[b,j] = sum_k delta[b,k] w[k,j] (overwrites dh), the gradient with respect to a layer's input, for the
    /// columns [<paramref name="j0"/>, <paramref name="j1"/>) (default: all D), so that threads can split the columns.
    /// Every path sums over k in order with fused multiply-adds, so vector, scalar and any split agree bit for bit.
    /// </summary>
    public static void InputGradient<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, Span<T> dh, int k, int d, int b, int j0 = 0, int j1 = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        j1 = j1 < 0 ? d : j1;
        Check(delta.Length >= b * k && w.Length >= k * d && dh.Length >= b * d && 0 <= j0 && j0 <= j1 && j1 <= d);
        if (Vector512.IsHardwareAccelerated)
        {
            j0 = InputGradient512(delta, w, dh, k, d, b, j0, j1);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            j0 = InputGradient256(delta, w, dh, k, d, b, j0, j1);
        }

        InputGradientScalar(delta, w, dh, k, d, b, j0, j1);
    }

    /// <summary>Scalar reference of <see cref="InputGradient"/>: for each output, fused multiply-adds over k in order.</summary>
    public static void InputGradientScalar<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, Span<T> dh, int k, int d, int b, int j0 = 0, int j1 = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        j1 = j1 < 0 ? d : j1;
        for (int n = 0; n < b; n++)
        {
            for (int j = j0; j < j1; j++)
            {
                T acc = T.Zero;
                for (int r = 0; r < k; r++)
                {
                    acc = T.FusedMultiplyAdd(delta[n * k + r], w[r * d + j], acc);
                }

                dh[n * d + j] = acc;
            }
        }
    }

    // Columns [j0, j1) in blocks of 2W for pairs of examples (four accumulators, each row of W loaded once per pair),
    // then single vectors; returns where the scalar tail starts.
    internal static int InputGradient256<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, Span<T> dh, int k, int d, int b, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector256<T>.Count;
        int jv = j0 + ((j1 - j0) / W * W);
        int j = j0;
        for (; j + (2 * W) <= jv; j += 2 * W)
        {
            int n = 0;
            for (; n + 2 <= b; n += 2)
            {
                Vector256<T> a0 = default, a1 = default, c0 = default, c1 = default;
                for (int r = 0; r < k; r++)
                {
                    var w0 = Simd.Load256(w, (r * d) + j);
                    var w1 = Simd.Load256(w, (r * d) + j + W);
                    var da = Vector256.Create(delta[(n * k) + r]);
                    var db = Vector256.Create(delta[((n + 1) * k) + r]);
                    a0 = Simd.FusedMultiplyAdd(da, w0, a0);
                    a1 = Simd.FusedMultiplyAdd(da, w1, a1);
                    c0 = Simd.FusedMultiplyAdd(db, w0, c0);
                    c1 = Simd.FusedMultiplyAdd(db, w1, c1);
                }

                Simd.Store256(a0, dh, (n * d) + j);
                Simd.Store256(a1, dh, (n * d) + j + W);
                Simd.Store256(c0, dh, ((n + 1) * d) + j);
                Simd.Store256(c1, dh, ((n + 1) * d) + j + W);
            }

            for (; n < b; n++)
            {
                InputGradientColumn256(delta, w, dh, k, d, n, j);
                InputGradientColumn256(delta, w, dh, k, d, n, j + W);
            }
        }

        for (; j < jv; j += W)
        {
            for (int n = 0; n < b; n++)
            {
                InputGradientColumn256(delta, w, dh, k, d, n, j);
            }
        }

        return jv;
    }

    private static void InputGradientColumn256<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> w, Span<T> dh, int k, int d, int n, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> a = default;
        for (int r = 0; r < k; r++)
        {
            a = Simd.FusedMultiplyAdd(Vector256.Create(delta[(n * k) + r]), Simd.Load256(w, (r * d) + j), a);
        }

        Simd.Store256(a, dh, (n * d) + j);
    }

    /// <summary>bias[r] = sum over the batch of delta[n, r], in batch order.</summary>
    public static void BiasSum<TValue>(ReadOnlySpan<TValue> delta, Span<TValue> bias, int k, int b)
        where TValue : INumber<TValue>
    {
        bias.Clear();
        for (int n = 0; n < b; n++)
        {
            for (int r = 0; r < k; r++)
            {
                bias[r] += delta[n * k + r];
            }
        }
    }

    /// <summary>delta = 0 where the pre-activation is not positive (the ReLU's derivative, 0 at 0).</summary>
    public static void MaskByPositive<TValue>(Span<TValue> delta, ReadOnlySpan<TValue> preActivation)
        where TValue : INumber<TValue>
    {
        for (int i = 0; i < delta.Length; i++)
        {
            if (!(preActivation[i] > TValue.Zero))
            {
                delta[i] = TValue.Zero;
            }
        }
    }

    internal static void Forward256<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Columns in chunks of 256 so that the chunk of W (K x 2 KB; 20 KB for K = 10) stays in L1 while every
        // example passes over it: W is read from L2 once per minibatch instead of once per example. Two examples
        // share each load of W; partial sums go to z chunk by chunk. Chunks of 64 took 11.9 us per minibatch,
        // 256 take 9.7-10.0 us: fewer horizontal sums.
        const int Chunk = 256;
        int W = Vector256<T>.Count;
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
                    Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
                    Vector256<T> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default;
                    for (int j = j0; j < j1; j += W)
                    {
                        var xva = Simd.Load256(xa, j);
                        var xvb = Simd.Load256(xb, j);
                        var v = Simd.Load256(w0, j);
                        a0 = Simd.FusedMultiplyAdd(v, xva, a0);
                        b0 = Simd.FusedMultiplyAdd(v, xvb, b0);
                        v = Simd.Load256(w1, j);
                        a1 = Simd.FusedMultiplyAdd(v, xva, a1);
                        b1 = Simd.FusedMultiplyAdd(v, xvb, b1);
                        v = Simd.Load256(w2, j);
                        a2 = Simd.FusedMultiplyAdd(v, xva, a2);
                        b2 = Simd.FusedMultiplyAdd(v, xvb, b2);
                        v = Simd.Load256(w3, j);
                        a3 = Simd.FusedMultiplyAdd(v, xva, a3);
                        b3 = Simd.FusedMultiplyAdd(v, xvb, b3);
                        v = Simd.Load256(w4, j);
                        a4 = Simd.FusedMultiplyAdd(v, xva, a4);
                        b4 = Simd.FusedMultiplyAdd(v, xvb, b4);
                    }

                    int za = n * k + r, zb = (n + 1) * k + r;
                    z[za] += Vector256.Sum(a0);
                    z[za + 1] += Vector256.Sum(a1);
                    z[za + 2] += Vector256.Sum(a2);
                    z[za + 3] += Vector256.Sum(a3);
                    z[za + 4] += Vector256.Sum(a4);
                    z[zb] += Vector256.Sum(b0);
                    z[zb + 1] += Vector256.Sum(b1);
                    z[zb + 2] += Vector256.Sum(b2);
                    z[zb + 3] += Vector256.Sum(b3);
                    z[zb + 4] += Vector256.Sum(b4);
                }

                for (; n < b; n++)
                {
                    for (int rr = r; rr < r + 5; rr++)
                    {
                        z[n * k + rr] += Dot256(w.Slice(rr * d, d), x.Slice(n * d, d), j0, j1);
                    }
                }
            }

            for (; r < k; r++)
            {
                for (int n = 0; n < b; n++)
                {
                    z[n * k + r] += Dot256(w.Slice(r * d, d), x.Slice(n * d, d), j0, j1);
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

    private static T Dot256<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> a = default;
        for (int j = j0; j < j1; j += Vector256<T>.Count)
        {
            a = Simd.FusedMultiplyAdd(Simd.Load256(w, j), Simd.Load256(x, j), a);
        }

        return Vector256.Sum(a);
    }

    private static T Tail<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int from, T acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = from; j < w.Length; j++)
        {
            acc = T.FusedMultiplyAdd(w[j], x[j], acc);
        }

        return acc;
    }

    internal static void OuterProduct256<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Column chunks outermost: the minibatch's 4W columns (B x 32W bytes) stay in L1 while every pair of
        // classes passes over them, instead of x being streamed from L2 once per pair.
        int W = Vector256<T>.Count;
        int jEnd = d / (4 * W) * (4 * W);
        for (int j = 0; j < jEnd; j += 4 * W)
        {
            int r = 0;
            for (; r + 2 <= k; r += 2)
            {
                Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int n = 0; n < b; n++)
                {
                    var d0 = Vector256.Create(delta[n * k + r]);
                    var d1 = Vector256.Create(delta[n * k + r + 1]);
                    int xn = n * d + j;
                    var x0 = Simd.Load256(x, xn);
                    var x1 = Simd.Load256(x, xn + W);
                    var x2 = Simd.Load256(x, xn + (2 * W));
                    var x3 = Simd.Load256(x, xn + (3 * W));
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
                Simd.Store256(a00, g, g0);
                Simd.Store256(a01, g, g0 + W);
                Simd.Store256(a02, g, g0 + (2 * W));
                Simd.Store256(a03, g, g0 + (3 * W));
                Simd.Store256(a10, g, g1);
                Simd.Store256(a11, g, g1 + W);
                Simd.Store256(a12, g, g1 + (2 * W));
                Simd.Store256(a13, g, g1 + (3 * W));
            }

            if (r < k)
            {
                OuterProductColumns256(delta, x, g, r, k - r, j, j + 4 * W, k, d, b);
            }
        }

        OuterProductColumns256(delta, x, g, 0, k, jEnd, d, k, d, b);
    }

    // Rows [r0, r0 + rows), columns [j0, j1): one vector at a time, then scalar columns; same batch order.
    private static void OuterProductColumns256<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> g, int r0, int rows, int j0, int j1, int k, int d, int b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int W = Vector256<T>.Count;
        for (int r = r0; r < r0 + rows; r++)
        {
            int j = j0;
            for (; j + W <= j1; j += W)
            {
                Vector256<T> a = default;
                for (int n = 0; n < b; n++)
                {
                    a = Simd.FusedMultiplyAdd(Vector256.Create(delta[n * k + r]), Simd.Load256(x, n * d + j), a);
                }

                Simd.Store256(a, g, r * d + j);
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

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new ArgumentException("a span is too short for the given dimensions.");
        }
    }
}
