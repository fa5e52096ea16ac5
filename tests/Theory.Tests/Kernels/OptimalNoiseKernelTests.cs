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
        // Every 11th importance subnormal (below 2^-1022), which the vector log cannot read.
        double[] h = [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 0 : i % 11 == 5 ? Math.Exp(-710 - 34 * rng.NextDouble()) : Math.Exp(30 * rng.NextGaussian()))];
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
                // exp passes its argument's rounding on, relative: a few ulps of |ln sigma*| (at most 27 for the
                // normal importances here, up to 220 for the subnormal ones).
                double bound = 4e-16 * Math.Max(1, Math.Abs(Math.Log(reference[i])));
                Assert.True(Math.Abs((vector[i] / reference[i]) - 1) <= bound, $"h = {h[i]:R}: {vector[i]:R} against {reference[i]:R}");
            }
        }
    }
}
