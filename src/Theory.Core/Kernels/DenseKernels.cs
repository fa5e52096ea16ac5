using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The two matrix products of a no-hidden-layer network on a minibatch: the forward product
/// z = x W^T + bias and the gradient outer product g = delta^T x. Row-major throughout:
/// W is K x D, x is B x D, z and delta are B x K, g is K x D.
/// </summary>
/// <remarks>
/// Both paths use fused multiply-add. The outer product sums over the batch in the same order on every path,
/// so vector and scalar agree bit for bit. The forward product is a reduction over D: the vector path keeps
/// four partial sums per output and adds them at the end, so it differs from the sequential scalar sum by
/// rounding only (a few ulps of sum |w x|).
/// </remarks>
public static class DenseKernels
{
    /// <summary>z[b,k] = bias[k] + sum_j w[k,j] x[b,j].</summary>
    public static void Forward(ReadOnlySpan<double> w, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> z, int k, int d, int b)
    {
        Check(w.Length >= k * d && bias.Length >= k && x.Length >= b * d && z.Length >= b * k);
        if (Vector256.IsHardwareAccelerated)
        {
            Forward256(w, bias, x, z, k, d, b);
        }
        else
        {
            ForwardScalar(w, bias, x, z, k, d, b);
        }
    }

    /// <summary>Scalar reference of <see cref="Forward"/>: sequential fused multiply-adds.</summary>
    public static void ForwardScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> z, int k, int d, int b)
    {
        for (int n = 0; n < b; n++)
        {
            ReadOnlySpan<double> xn = x.Slice(n * d, d);
            for (int r = 0; r < k; r++)
            {
                ReadOnlySpan<double> wr = w.Slice(r * d, d);
                double acc = 0;
                for (int j = 0; j < d; j++)
                {
                    acc = Math.FusedMultiplyAdd(wr[j], xn[j], acc);
                }

                z[n * k + r] = bias[r] + acc;
            }
        }
    }

    /// <summary>g[k,j] = sum_b delta[b,k] x[b,j] (overwrites g).</summary>
    public static void OuterProduct(ReadOnlySpan<double> delta, ReadOnlySpan<double> x, Span<double> g, int k, int d, int b)
    {
        Check(delta.Length >= b * k && x.Length >= b * d && g.Length >= k * d);
        if (Vector256.IsHardwareAccelerated)
        {
            OuterProduct256(delta, x, g, k, d, b);
        }
        else
        {
            OuterProductScalar(delta, x, g, k, d, b);
        }
    }

    /// <summary>Scalar reference of <see cref="OuterProduct"/>, summing over the batch in order.</summary>
    public static void OuterProductScalar(ReadOnlySpan<double> delta, ReadOnlySpan<double> x, Span<double> g, int k, int d, int b)
    {
        for (int r = 0; r < k; r++)
        {
            for (int j = 0; j < d; j++)
            {
                double acc = 0;
                for (int n = 0; n < b; n++)
                {
                    acc = Math.FusedMultiplyAdd(delta[n * k + r], x[n * d + j], acc);
                }

                g[r * d + j] = acc;
            }
        }
    }

    private static void Forward256(ReadOnlySpan<double> w, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> z, int k, int d, int b)
    {
        const int W = 4;
        int dv = d / W * W;
        for (int n = 0; n < b; n++)
        {
            ReadOnlySpan<double> xn = x.Slice(n * d, d);
            int r = 0;
            for (; r + 5 <= k; r += 5)
            {
                ReadOnlySpan<double> w0 = w.Slice(r * d, d), w1 = w.Slice((r + 1) * d, d), w2 = w.Slice((r + 2) * d, d),
                    w3 = w.Slice((r + 3) * d, d), w4 = w.Slice((r + 4) * d, d);
                Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default;
                for (int j = 0; j < dv; j += W)
                {
                    var xv = Vector256.Create(xn.Slice(j, W));
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(w0.Slice(j, W)), xv, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Create(w1.Slice(j, W)), xv, a1);
                    a2 = Vector256.FusedMultiplyAdd(Vector256.Create(w2.Slice(j, W)), xv, a2);
                    a3 = Vector256.FusedMultiplyAdd(Vector256.Create(w3.Slice(j, W)), xv, a3);
                    a4 = Vector256.FusedMultiplyAdd(Vector256.Create(w4.Slice(j, W)), xv, a4);
                }

                z[n * k + r] = bias[r] + Tail(w0, xn, dv, Vector256.Sum(a0));
                z[n * k + r + 1] = bias[r + 1] + Tail(w1, xn, dv, Vector256.Sum(a1));
                z[n * k + r + 2] = bias[r + 2] + Tail(w2, xn, dv, Vector256.Sum(a2));
                z[n * k + r + 3] = bias[r + 3] + Tail(w3, xn, dv, Vector256.Sum(a3));
                z[n * k + r + 4] = bias[r + 4] + Tail(w4, xn, dv, Vector256.Sum(a4));
            }

            for (; r < k; r++)
            {
                ReadOnlySpan<double> wr = w.Slice(r * d, d);
                Vector256<double> a = default;
                for (int j = 0; j < dv; j += W)
                {
                    a = Vector256.FusedMultiplyAdd(Vector256.Create(wr.Slice(j, W)), Vector256.Create(xn.Slice(j, W)), a);
                }

                z[n * k + r] = bias[r] + Tail(wr, xn, dv, Vector256.Sum(a));
            }
        }
    }

    private static double Tail(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int from, double acc)
    {
        for (int j = from; j < w.Length; j++)
        {
            acc = Math.FusedMultiplyAdd(w[j], x[j], acc);
        }

        return acc;
    }

    private static void OuterProduct256(ReadOnlySpan<double> delta, ReadOnlySpan<double> x, Span<double> g, int k, int d, int b)
    {
        const int W = 4;
        int r = 0;
        for (; r + 2 <= k; r += 2)
        {
            Span<double> g0 = g.Slice(r * d, d), g1 = g.Slice((r + 1) * d, d);
            int j = 0;
            for (; j + 4 * W <= d; j += 4 * W)
            {
                Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int n = 0; n < b; n++)
                {
                    var d0 = Vector256.Create(delta[n * k + r]);
                    var d1 = Vector256.Create(delta[n * k + r + 1]);
                    ReadOnlySpan<double> xn = x.Slice(n * d + j, 4 * W);
                    var x0 = Vector256.Create(xn);
                    var x1 = Vector256.Create(xn.Slice(W));
                    var x2 = Vector256.Create(xn.Slice(2 * W));
                    var x3 = Vector256.Create(xn.Slice(3 * W));
                    a00 = Vector256.FusedMultiplyAdd(d0, x0, a00);
                    a01 = Vector256.FusedMultiplyAdd(d0, x1, a01);
                    a02 = Vector256.FusedMultiplyAdd(d0, x2, a02);
                    a03 = Vector256.FusedMultiplyAdd(d0, x3, a03);
                    a10 = Vector256.FusedMultiplyAdd(d1, x0, a10);
                    a11 = Vector256.FusedMultiplyAdd(d1, x1, a11);
                    a12 = Vector256.FusedMultiplyAdd(d1, x2, a12);
                    a13 = Vector256.FusedMultiplyAdd(d1, x3, a13);
                }

                a00.CopyTo(g0.Slice(j));
                a01.CopyTo(g0.Slice(j + W));
                a02.CopyTo(g0.Slice(j + 2 * W));
                a03.CopyTo(g0.Slice(j + 3 * W));
                a10.CopyTo(g1.Slice(j));
                a11.CopyTo(g1.Slice(j + W));
                a12.CopyTo(g1.Slice(j + 2 * W));
                a13.CopyTo(g1.Slice(j + 3 * W));
            }

            OuterProductColumns(delta, x, g, r, 2, j, k, d, b);
        }

        if (r < k)
        {
            OuterProductColumns(delta, x, g, r, k - r, 0, k, d, b);
        }
    }

    // Rows [r0, r0 + rows), columns [j0, d): one vector at a time, then scalar columns; same batch order.
    private static void OuterProductColumns(ReadOnlySpan<double> delta, ReadOnlySpan<double> x, Span<double> g, int r0, int rows, int j0, int k, int d, int b)
    {
        const int W = 4;
        for (int r = r0; r < r0 + rows; r++)
        {
            int j = j0;
            for (; j + W <= d; j += W)
            {
                Vector256<double> a = default;
                for (int n = 0; n < b; n++)
                {
                    a = Vector256.FusedMultiplyAdd(Vector256.Create(delta[n * k + r]), Vector256.Create(x.Slice(n * d + j, W)), a);
                }

                a.CopyTo(g.Slice(r * d + j));
            }

            for (; j < d; j++)
            {
                double acc = 0;
                for (int n = 0; n < b; n++)
                {
                    acc = Math.FusedMultiplyAdd(delta[n * k + r], x[n * d + j], acc);
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
