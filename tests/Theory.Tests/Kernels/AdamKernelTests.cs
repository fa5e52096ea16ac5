using Theory.Kernels;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Kernels;

public class AdamKernelTests
{
    [Theory]
    [MemberData(nameof(KernelLengths.UpTo40), MemberType = typeof(KernelLengths))]
    public void Vector_path_equals_scalar_path_bit_for_bit(int length)
    {
        var rng = new Xoshiro256((ulong)length + 1);
        double[] theta = [.. Enumerable.Range(0, length).Select(_ => rng.NextGaussian())];
        double[] m = [.. Enumerable.Range(0, length).Select(_ => 0.1 * rng.NextGaussian())];
        double[] v = [.. Enumerable.Range(0, length).Select(_ => Math.Abs(rng.NextGaussian()))];
        double[] g = [.. Enumerable.Range(0, length).Select(_ => rng.NextGaussian() * Math.Exp(4 * rng.NextGaussian()))];
        double[] theta2 = [.. theta], m2 = [.. m], v2 = [.. v];
        var k = new AdamCoefficients(0.9, 0.999, 1e-8, 1e-3, 1 / (1 - Math.Pow(0.9, 3)), 1 / (1 - Math.Pow(0.999, 3)));

        AdamKernel.Step(theta, g, m, v, k);
        AdamKernel.StepScalar(theta2, g, m2, v2, k);

        Assert.Equal(theta2, theta);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
    }

    [Fact]
    public void First_step_moves_each_parameter_by_the_learning_rate_against_its_gradient_sign()
    {
        double[] theta = [0, 0, 0];
        var adam = new Theory.Training.Adam(3);
        adam.Step(theta, [2.0, -1e-3, 50.0], 0.01);
        Assert.Equal(-0.01, theta[0], 8);
        Assert.Equal(0.01, theta[1], 6);
        Assert.Equal(-0.01, theta[2], 8);
        Assert.Equal(0.01 / (2 + 1e-8), adam.EffectiveLearningRates(0.01)[0], 10);
    }

    [Fact]
    public void A_short_moment_span_is_refused_before_any_unchecked_store()
    {
        double[] eight = new double[8], seven = new double[7];
        Assert.Throws<ArgumentException>(() => AdamKernel.Step<double>(eight, eight, eight, seven, new AdamCoefficients(0.9, 0.999, 1e-8, 1e-3, 1, 1)));
        Assert.Equal(new double[7], seven);
        Assert.Equal(new double[8], eight);
    }
}
