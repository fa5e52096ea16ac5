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
    public void SinCos_of_a_turn_matches_math_within_1e_15_and_vector_equals_scalar()
    {
        double worst = 0;
        foreach (double u in Sweep(0, 1, 40000, 5).Concat([0.0, 0.25, 0.5, 0.75, Math.BitDecrement(1.0)]))
        {
            (double s, double c) = FastMath.SinCosOfTurn(u);
            double t = 4 * u, q = Math.Floor(t);
            double theta = Math.PI / 2 * q + Math.PI / 2 * (t - q - 0.5);
            worst = Math.Max(worst, Math.Max(Math.Abs(s - Math.Sin(theta)), Math.Abs(c - Math.Cos(theta))));
            (Vector256<double> vs, Vector256<double> vc) = FastMath.SinCosOfTurn(Vector256.Create(u));
            Assert.Equal(s, vs.GetElement(0));
            Assert.Equal(c, vc.GetElement(0));
            Assert.Equal(1.0, s * s + c * c, 14);
        }

        Assert.True(worst < 1e-15, $"worst absolute error {worst}");
    }
}
