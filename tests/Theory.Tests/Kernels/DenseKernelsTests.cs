using Theory.Kernels;
using Xunit;

namespace Theory.Tests.Kernels;

public class DenseKernelsTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int k in new[] { 1, 2, 3, 5, 7, 10, 11 })
        {
            foreach (int d in new[] { 1, 3, 4, 5, 15, 16, 17, 33, 784 })
            {
                foreach (int b in new[] { 1, 2, 20 })
                {
                    data.Add(k, d, b);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_vector_agrees_with_scalar_to_rounding(int k, int d, int b)
    {
        double[] w = KernelInputs.Gaussians(k * d, 1), bias = KernelInputs.Gaussians(k, 2), x = KernelInputs.Gaussians(b * d, 3);
        var z = new double[b * k];
        var reference = new double[b * k];
        DenseKernels.Forward(w, bias, x, z, k, d, b);
        DenseKernels.ForwardScalar(w, bias, x, reference, k, d, b);
        AssertForwardWithinRounding(w, bias, x, z, reference, k, d, b);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_vector_agrees_with_scalar_to_rounding_in_float(int k, int d, int b)
    {
        float[] w = KernelInputs.Single(KernelInputs.Gaussians(k * d, 1)), bias = KernelInputs.Single(KernelInputs.Gaussians(k, 2)), x = KernelInputs.Single(KernelInputs.Gaussians(b * d, 3));
        var z = new float[b * k];
        var reference = new float[b * k];
        DenseKernels.Forward(w, bias, x, z, k, d, b);
        DenseKernels.ForwardScalar(w, bias, x, reference, k, d, b);
        AssertForwardWithinRounding(w, bias, x, z, reference, k, d, b);
    }

    /// <summary>Reordered sums differ by at most ~ d ulps of sum |w x|; observed far less.</summary>
    internal static void AssertForwardWithinRounding<T>(T[] w, T[] bias, T[] x, T[] z, T[] reference, int k, int d, int b)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        double ulp = typeof(T) == typeof(float) ? 6.0e-8 : 1.1e-16; // half an ulp of 1
        for (int n = 0; n < b; n++)
        {
            for (int r = 0; r < k; r++)
            {
                double scale = Math.Abs(double.CreateTruncating(bias[r]));
                for (int j = 0; j < d; j++)
                {
                    scale += Math.Abs(double.CreateTruncating(w[r * d + j]) * double.CreateTruncating(x[n * d + j]));
                }

                double difference = Math.Abs(double.CreateTruncating(z[n * k + r]) - double.CreateTruncating(reference[n * k + r]));
                Assert.True(difference <= 4 * d * ulp * scale, $"z[{n},{r}] = {z[n * k + r]:R}, scalar {reference[n * k + r]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Outer_product_vector_equals_scalar_bit_for_bit(int k, int d, int b)
    {
        double[] delta = KernelInputs.Gaussians(b * k, 4), x = KernelInputs.Gaussians(b * d, 5);
        var g = new double[k * d];
        var reference = new double[k * d];
        DenseKernels.OuterProduct(delta, x, g, k, d, b);
        DenseKernels.OuterProductScalar(delta, x, reference, k, d, b);
        Assert.Equal(reference, g);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Outer_product_vector_equals_scalar_bit_for_bit_in_float(int k, int d, int b)
    {
        float[] delta = KernelInputs.Single(KernelInputs.Gaussians(b * k, 4)), x = KernelInputs.Single(KernelInputs.Gaussians(b * d, 5));
        var g = new float[k * d];
        var reference = new float[k * d];
        DenseKernels.OuterProduct(delta, x, g, k, d, b);
        DenseKernels.OuterProductScalar(delta, x, reference, k, d, b);
        Assert.Equal(reference, g);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Input_gradient_vector_equals_scalar_bit_for_bit(int k, int d, int b)
    {
        InputGradientAgrees(KernelInputs.Gaussians(b * k, 6), KernelInputs.Gaussians(k * d, 7), k, d, b);
        InputGradientAgrees(KernelInputs.Single(KernelInputs.Gaussians(b * k, 6)), KernelInputs.Single(KernelInputs.Gaussians(k * d, 7)), k, d, b);
    }

    private static void InputGradientAgrees<T>(T[] delta, T[] w, int k, int d, int b)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var dh = new T[b * d];
        var reference = new T[b * d];
        DenseKernels.InputGradient<T>(delta, w, dh, k, d, b);
        DenseKernels.InputGradientScalar<T>(delta, w, reference, k, d, b);
        Assert.Equal(reference, dh);

        // Split at an odd column, as threads split a layer: the same bits.
        var split = new T[b * d];
        int mid = d / 2 | 1;
        mid = Math.Min(mid, d);
        DenseKernels.InputGradient<T>(delta, w, split, k, d, b, 0, mid);
        DenseKernels.InputGradient<T>(delta, w, split, k, d, b, mid, d);
        Assert.Equal(reference, split);
    }

    [Fact]
    public void Input_gradient_matches_a_hand_computed_product()
    {
        double[] delta = [1, -1, 2, 0.5]; // B = 2, K = 2
        double[] w = [1, 2, 3, 4, 5, 6]; // K = 2, D = 3
        var dh = new double[6];
        DenseKernels.InputGradient(delta, w, dh, 2, 3, 2);
        Assert.Equal([1 - 4, 2 - 5, 3 - 6, 2 + 2, 4 + 2.5, 6 + 3], dh);
    }

    [Fact]
    public void Forward_matches_a_hand_computed_product()
    {
        double[] w = [1, 2, 3, 4, 5, 6]; // K = 2, D = 3
        double[] x = [1, 0, -1, 2, 2, 2]; // B = 2
        var z = new double[4];
        DenseKernels.Forward(w, [0.5, -0.5], x, z, 2, 3, 2);
        Assert.Equal([1 - 3 + 0.5, 4 - 6 - 0.5, 12 + 0.5, 30 - 0.5], z);
    }

    [Fact]
    public void Too_short_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DenseKernels.Forward(new double[5], new double[2], new double[6], new double[4], 2, 3, 2));
        Assert.Throws<ArgumentException>(() => DenseKernels.OuterProduct(new double[4], new double[6], new double[5], 2, 3, 2));
        Assert.Throws<ArgumentException>(() => DenseKernels.InputGradient(new double[4], new double[5], new double[6], 2, 3, 2));
    }
}
