using Theory.Analytic;
using Theory.Kernels;
using Xunit;

namespace Theory.Tests.Kernels;

public class OptimalNoiseKernelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Vector_equals_scalar_and_agrees_with_the_closed_form(int n)
    {
        var rng = new Theory.Stats.Xoshiro256(2);
        double[] h = [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 0 : Math.Exp(30 * rng.NextGaussian()))];
        var vector = new double[n];
        var scalar = new double[n];
        OptimalNoiseKernel.Sigmas(4.0 / 3, 1e-3, 2, h, vector);
        OptimalNoiseKernel.SigmasScalar(4.0 / 3, 1e-3, 2, h, scalar);
        Assert.Equal(scalar, vector);
        double[] reference = OptimalNoise.Sigmas(4.0 / 3, 1e-3, 2, h);
        for (int i = 0; i < n; i++)
        {
            if (h[i] == 0)
            {
                Assert.Equal(double.PositiveInfinity, vector[i]);
            }
            else
            {
                Assert.Equal(1.0, vector[i] / reference[i], 14);
            }
        }
    }
}
