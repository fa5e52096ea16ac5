using Theory.Kernels;
using Xunit;

namespace Theory.Tests.Kernels;

public class GaussianSamplerTests
{
    [Theory]
    [MemberData(nameof(KernelLengths.UpTo40), MemberType = typeof(KernelLengths))]
    public void Vector_path_equals_scalar_path_bit_for_bit(int length)
    {
        var a = new GaussianSampler(11);
        var b = new GaussianSampler(11);
        var x = new double[length];
        var y = new double[length];
        for (int round = 0; round < 3; round++)
        {
            a.Fill(x);
            b.FillScalar(y);
            Assert.Equal(y, x);
        }
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo40), MemberType = typeof(KernelLengths))]
    public void Float_destination_gets_the_double_draws_exactly(int length)
    {
        var a = new GaussianSampler(11);
        var b = new GaussianSampler(11);
        var c = new GaussianSampler(11);
        var x = new float[length];
        var y = new double[length];
        var z = new float[length];
        for (int round = 0; round < 3; round++)
        {
            a.Fill(x);
            b.Fill(y);
            c.FillScalar(z);
            Assert.Equal(y, x.Select(v => (double)v));
            Assert.Equal(z, x);
        }
    }

    [Fact]
    public void Same_seed_same_stream_and_different_seeds_differ()
    {
        var x = new double[100];
        var y = new double[100];
        new GaussianSampler(5).Fill(x);
        new GaussianSampler(5).Fill(y);
        Assert.Equal(x, y);
        new GaussianSampler(6).Fill(y);
        Assert.NotEqual(x, y);
    }

    [Fact]
    public void Draws_have_the_moments_of_a_standard_normal()
    {
        const int n = 2_000_000;
        var z = new double[n];
        new GaussianSampler(3).Fill(z);
        double m1 = 0, m2 = 0, m4 = 0;
        int beyond2 = 0;
        foreach (double v in z)
        {
            m1 += v;
            m2 += v * v;
            m4 += v * v * v * v;
            beyond2 += Math.Abs(v) > 2 ? 1 : 0;
        }

        m1 /= n;
        m2 /= n;
        m4 /= n;
        // Standard errors: mean 1/sqrt(n) = 7e-4, variance sqrt(2/n) = 1e-3, fourth moment sqrt(96/n) = 7e-3.
        Assert.InRange(m1, -0.0035, 0.0035);
        Assert.InRange(m2, 1 - 0.005, 1 + 0.005);
        Assert.InRange(m4, 3 - 0.035, 3 + 0.035);
        // P(|Z| > 2) = 0.0455003; binomial sd 1.5e-4.
        Assert.InRange((double)beyond2 / n, 0.0455003 - 0.00075, 0.0455003 + 0.00075);
    }

    [Fact]
    public void Sin_and_cos_halves_are_uncorrelated()
    {
        var z = new double[16 * 100_000];
        new GaussianSampler(9).Fill(z);
        double c = 0;
        for (int block = 0; block < z.Length; block += 16)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                c += z[block + lane] * z[block + 8 + lane];
            }
        }

        Assert.InRange(c / (z.Length / 2), -0.005, 0.005);
    }

    [Fact]
    public void Draws_are_floats_bounded_by_the_smallest_uniform()
    {
        // Box-Muller in single precision: each draw is a float widened to double, and 1 - u1 >= 2^-23
        // bounds |z| by sqrt(2 * 23 ln 2) = 5.65.
        var z = new double[1_000_000];
        new GaussianSampler(12).Fill(z);
        double bound = Math.Sqrt(2 * 23 * Math.Log(2)) * (1 + 1e-6);
        Assert.All(z, v => Assert.True((double)(float)v == v && Math.Abs(v) <= bound, $"draw {v:R}"));
        Assert.True(z.Max(Math.Abs) > 4.5, "the tails are reached");
    }
}
