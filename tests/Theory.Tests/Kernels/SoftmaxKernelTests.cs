using Theory.Kernels;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Kernels;

public class SoftmaxKernelTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 20)]
    [InlineData(3, 7)]
    [InlineData(1, 5)]
    [InlineData(10, 101)]
    public void Vector_equals_scalar_and_both_match_a_direct_softmax(int k, int b)
    {
        var rng = new Xoshiro256((ulong)(k * 1000 + b));
        double[] z = [.. Enumerable.Range(0, b * k).Select(_ => 8 * rng.NextGaussian())];
        byte[] y = [.. Enumerable.Range(0, b).Select(_ => (byte)rng.NextInt(k))];
        double[] d1 = new double[b * k], d2 = new double[b * k], s1 = new double[b * k], s2 = new double[b * k];
        var (ce1, c1) = SoftmaxKernel.Delta(z, y, d1, s1, k, b);
        var (ce2, c2) = SoftmaxKernel.DeltaScalar(z, y, d2, s2, k, b);
        Assert.Equal(d2, d1);
        Assert.Equal(ce2, ce1);
        Assert.Equal(c2, c1);

        double ce = 0;
        int correct = 0;
        for (int n = 0; n < b; n++)
        {
            double[] zn = z[(n * k)..((n + 1) * k)];
            double max = zn.Max();
            double sum = zn.Sum(v => Math.Exp(v - max));
            ce += Math.Log(sum) - (zn[y[n]] - max);
            correct += Array.IndexOf(zn, max) == y[n] ? 1 : 0;
            for (int r = 0; r < k; r++)
            {
                double expected = Math.Exp(zn[r] - max) / sum - (r == y[n] ? 1 : 0);
                Assert.Equal(expected, d1[n * k + r], 1e-15);
            }
        }

        Assert.Equal(ce, ce1, 1e-12 * Math.Max(1, ce));
        Assert.Equal(correct, c1);
    }

    [Fact]
    public void Too_short_spans_are_rejected() =>
        Assert.Throws<ArgumentException>(() => SoftmaxKernel.Delta(new double[20], new byte[2], new double[19], new double[20], 10, 2));
}
