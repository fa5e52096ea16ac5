using System.Runtime.Intrinsics;
using Theory.Kernels;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Kernels;

public class FastMathTests
{
    private static double Ulps(double actual, double expected) =>
        actual == expected ? 0 : Math.Abs(actual - expected) / Math.Max(double.Epsilon, Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));

    private static IEnumerable<double> Sweep(double low, double high, int count, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        for (int i = 0; i < count; i++)
        {
            yield return low + (high - low) * rng.NextDouble();
        }
    }

    [Fact]
    public void Exp_is_within_2_ulps_of_math_exp_and_vector_equals_scalar()
    {
        double worst = 0;
        foreach (double x in Sweep(-700, 700, 20000, 1).Concat(Sweep(-1, 1, 20000, 2)).Append(0).Append(-708).Append(708))
        {
            double s = FastMath.Exp(x);
            worst = Math.Max(worst, Ulps(s, Math.Exp(x)));
            Assert.Equal(s, FastMath.Exp(Vector256.Create(x)).GetElement(0));
        }

        Assert.True(worst <= 2, $"worst error {worst} ulps");
        Assert.Equal(0.0, FastMath.Exp(-709));
        Assert.Equal(double.PositiveInfinity, FastMath.Exp(709));
        Assert.Equal(0.0, FastMath.Exp(Vector256.Create(-709.0)).GetElement(0));
    }

    [Fact]
    public void Log_is_within_2_ulps_of_math_log_and_vector_equals_scalar()
    {
        double worst = 0;
        var rng = new Xoshiro256(3);
        for (int i = 0; i < 40000; i++)
        {
            double x = Math.Exp(-700 + 1400 * rng.NextDouble());
            double s = FastMath.Log(x);
            // Near x = 1 the result is tiny: compare relative to |ln x| but at least to 1e-16 absolute.
            double expected = Math.Log(x);
            worst = Math.Max(worst, Math.Abs(expected) < 1e-3 ? Math.Abs(s - expected) / 1e-19 : Ulps(s, expected));
            Assert.Equal(s, FastMath.Log(Vector256.Create(x)).GetElement(0));
        }

        foreach (double x in new[] { 1.0, 2.0, 0.5, Math.Sqrt(2), 1 + 1e-15, 1 - 1e-16, double.Epsilon * 1e300 * 1e8 })
        {
            Assert.Equal(Math.Log(x), FastMath.Log(x), Math.Abs(Math.Log(x)) * 4e-16 + 1e-300);
        }

        Assert.True(worst <= 3, $"worst error {worst} ulps");
    }

    [Fact]
    public void Scalar_log_of_a_subnormal_is_as_accurate_as_of_a_normal_number()
    {
        // Without scaling, the zero exponent field of a subnormal read as 2^-1023: ln(1e-320) came out -709.1, not -736.8.
        var rng = new Xoshiro256(4);
        foreach (double x in new[] { double.Epsilon, 1e-320, 2.2250738585072009e-308 }
                     .Concat(Enumerable.Range(0, 2000).Select(_ => Math.Exp(-744 + 36 * rng.NextDouble()))))
        {
            double s = FastMath.Log(x);
            Assert.True(Ulps(s, Math.Log(x)) <= 3, $"ln({x:R}) = {s:R}, Math.Log {Math.Log(x):R}");
        }
    }

    [Fact]
    public void Log1p_keeps_tiny_arguments_and_is_accurate_on_0_1()
    {
        Assert.Equal(1e-300, FastMath.Log1p(1e-300));
        Assert.Equal(0.0, FastMath.Log1p(0));
        Assert.Equal(1e-20, FastMath.Log1p(1e-20), 1e-36);
        double worst = 0;
        foreach (double x in Sweep(0, 1, 20000, 4))
        {
            double reference = 2 * Math.Atanh(x / (2 + x)); // log1p without forming 1 + x
            double s = FastMath.Log1p(x);
            worst = Math.Max(worst, Ulps(s, reference));
            Assert.Equal(s, FastMath.Log1p(Vector256.Create(x)).GetElement(0));
        }

        Assert.True(worst <= 3, $"worst error {worst} ulps");
    }

    [Fact]
    public void Float_sincos_of_a_turn_matches_math_within_2e_7_and_vector_equals_scalar()
    {
        double worst = 0;
        var rng = new Theory.Stats.Xoshiro256(5);
        float[] us = [.. Enumerable.Range(0, 40000).Select(_ => (float)(rng.NextUInt64() >> 41) / (1 << 23)), 0f, 0.25f, 0.5f, 0.75f, 1f - (1f / (1 << 23))];
        for (int i = 0; i < us.Length; i += 8)
        {
            float[] u8 = [.. us.Skip(i).Take(8), .. new float[Math.Max(0, i + 8 - us.Length)]];
            (Vector256<float> vs, Vector256<float> vc) = FastMath.SinCosOfTurn(Vector256.Create(u8));
            for (int lane = 0; lane < 8; lane++)
            {
                float u = u8[lane];
                (float s, float c) = FastMath.SinCosOfTurn(u);
                Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(vs[lane]));
                Assert.Equal(BitConverter.SingleToInt32Bits(c), BitConverter.SingleToInt32Bits(vc[lane]));
                double theta = (2 * Math.PI * u) - (Math.PI / 4); // (pi/2) q + (pi/2)(f - 1/2) with 4u = q + f
                worst = Math.Max(worst, Math.Max(Math.Abs(s - Math.Sin(theta)), Math.Abs(c - Math.Cos(theta))));
            }
        }

        Assert.True(worst < 2e-7, $"worst absolute error {worst}");
    }

    [Fact]
    public void Float_log_matches_math_within_2e_7_relative_and_vector_equals_scalar()
    {
        // The sampler's arguments: 1 - u for u = k / 2^23, from 2^-23 to 1; plus a sweep over the float range.
        var rng = new Theory.Stats.Xoshiro256(6);
        float[] xs = [.. Enumerable.Range(0, 40000).Select(_ => 1f - ((float)(rng.NextUInt64() >> 41) / (1 << 23))), 1f / (1 << 23), 1f, 0.70710677f, 1.4142135f, 1e-30f, 3e38f];
        double worst = 0;
        for (int i = 0; i < xs.Length; i += 8)
        {
            float[] x8 = [.. xs.Skip(i).Take(8), .. Enumerable.Repeat(1f, Math.Max(0, i + 8 - xs.Length))];
            Vector256<float> v = FastMath.Log(Vector256.Create(x8));
            for (int lane = 0; lane < 8; lane++)
            {
                float l = FastMath.Log(x8[lane]);
                Assert.Equal(BitConverter.SingleToInt32Bits(l), BitConverter.SingleToInt32Bits(v[lane]));
                double exact = Math.Log(x8[lane]);
                worst = Math.Max(worst, Math.Abs(l - exact) / Math.Max(Math.Abs(exact), 1));
            }
        }

        Assert.True(worst < 2e-7, $"worst error {worst}");
    }
}
