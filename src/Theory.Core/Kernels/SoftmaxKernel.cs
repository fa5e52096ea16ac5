using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// Softmax and cross-entropy of a minibatch of logits (B x K, row-major): delta = softmax(z) - onehot(y),
/// the summed CE = sum_n [ln sum_k e^(z_nk - max_n) - (z_ny - max_n)], and the count of argmax hits.
/// The B x K exponentials run through <see cref="FastMath"/> in one vectorised pass (Vector512 or Vector256);
/// maxima, sums and the B logarithms are per example. The scalar path does the same operations, so all paths
/// give the same bits.
/// </summary>
public static class SoftmaxKernel
{
    /// <summary>Vectorised softmax-delta; <paramref name="shifted"/> is scratch of length B x K.</summary>
    public static (double CrossEntropy, int Correct) Delta(
        ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, Span<double> delta, Span<double> shifted, int k, int b) =>
        Run(z, labels, delta, shifted, k, b, Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 1);

    /// <summary><see cref="Delta"/> on the Vector512 path, whatever the CPU (for the tests).</summary>
    internal static (double CrossEntropy, int Correct) Delta512(
        ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, Span<double> delta, Span<double> shifted, int k, int b) =>
        Run(z, labels, delta, shifted, k, b, lanes: 8);

    /// <summary>Scalar reference of <see cref="Delta"/>.</summary>
    public static (double CrossEntropy, int Correct) DeltaScalar(
        ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, Span<double> delta, Span<double> shifted, int k, int b) =>
        Run(z, labels, delta, shifted, k, b, lanes: 1);

    private static (double CrossEntropy, int Correct) Run(
        ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, Span<double> delta, Span<double> shifted, int k, int b, int lanes)
    {
        int n = b * k;
        if (z.Length < n || delta.Length < n || shifted.Length < n || labels.Length < b)
        {
            throw new ArgumentException("a span is too short for the given dimensions.");
        }

        int correct = 0;
        for (int e = 0; e < b; e++)
        {
            ReadOnlySpan<double> ze = z.Slice(e * k, k);
            int best = 0;
            for (int r = 1; r < k; r++)
            {
                if (ze[r] > ze[best])
                {
                    best = r;
                }
            }

            correct += best == labels[e] ? 1 : 0;
            for (int r = 0; r < k; r++)
            {
                shifted[e * k + r] = ze[r] - ze[best];
            }
        }

        int i = 0;
        if (lanes == 8)
        {
            for (; i + 8 <= n; i += 8)
            {
                Simd.Store512(FastMath.Exp(Simd.Load512(shifted, i)), delta, i);
            }
        }
        else if (lanes == 4)
        {
            for (; i + 4 <= n; i += 4)
            {
                Simd.Store256(FastMath.Exp(Simd.Load256(shifted, i)), delta, i);
            }
        }

        for (; i < n; i++)
        {
            delta[i] = FastMath.Exp(shifted[i]);
        }

        double ce = 0;
        for (int e = 0; e < b; e++)
        {
            Span<double> de = delta.Slice(e * k, k);
            double sum = 0;
            for (int r = 0; r < k; r++)
            {
                sum += de[r];
            }

            int y = labels[e];
            ce += Math.Log(sum) - shifted[e * k + y];
            double inv = 1 / sum;
            for (int r = 0; r < k; r++)
            {
                de[r] *= inv;
            }

            de[y] -= 1;
        }

        return (ce, correct);
    }
}
