using System.Runtime.Intrinsics;
using Theory.Kernels;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Kernels;

/// <summary>
/// Every Vector512 body of the trainer's kernels, called directly, against the scalar reference. This machine
/// has no AVX-512, so here .NET runs Vector512 in software, element by element with the same IEEE operations
/// (fused multiply-add included); on an AVX-512 CPU the same tests run the hardware path.
/// </summary>
public class Vector512PathTests
{
    private static double[] Uniform(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble())];
    }

    [Fact]
    public void Fast_math_Vector512_forms_equal_the_scalar_forms_bit_for_bit()
    {
        double[] x = [.. KernelInputs.Gaussians(256, 1, 30), -708.5, 708.5, -1e-300, 0, 1e-20, 0.34657359, -0.34657359];
        double[] positive = [.. KernelInputs.Gaussians(256, 2, 50).Select(v => Math.Exp(v / 10)), 2.2250738585072014e-308, 1, 1.4142135623730951, 1e300]; // the vector log takes normal x only
        double[] small = [.. Uniform(256, 4), 0.41421356237309503, 0.41421356237309515, 1];
        Check(x, v => FastMath.Exp(v), v => FastMath.Exp(v));
        Check(positive, v => FastMath.Log(v), v => FastMath.Log(v));
        Check(small, v => FastMath.Log1p(v), v => FastMath.Log1p(v));

        static void Check(double[] input, Func<Vector512<double>, Vector512<double>> vector, Func<double, double> scalar)
        {
            double[] padded = [.. input, .. new double[(8 - (input.Length % 8)) % 8]];
            for (int i = 0; i < padded.Length; i += 8)
            {
                Vector512<double> v = vector(Vector512.Create(padded.AsSpan(i, 8)));
                for (int lane = 0; lane < 8; lane++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(scalar(padded[i + lane])), BitConverter.DoubleToInt64Bits(v[lane]));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Softplus_Vector512_equals_scalar(int n)
    {
        double[] phi = KernelInputs.Gaussians(n, 1, 4, -6); // both sides of the series limit, mixed within vectors
        double[] s1 = new double[n], d1 = new double[n], l1 = new double[n], s2 = new double[n], d2 = new double[n], l2 = new double[n];
        int i = NoiseKernels.Softplus512(phi, s1, d1, l1);
        Assert.Equal(n / 8 * 8, i);
        NoiseKernels.SoftplusScalar(phi, s1, d1, l1, i);
        NoiseKernels.SoftplusScalar(phi, s2, d2, l2);
        Assert.Equal(s2, s1);
        Assert.Equal(d2, d1);
        Assert.Equal(l2, l1);
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Sample_weights_and_gradients_Vector512_equal_scalar(int n)
    {
        double[] mu = KernelInputs.Gaussians(n, 2), sigma = [.. KernelInputs.Gaussians(n, 3, 0.001, 0.01).Select(Math.Abs)], eps = KernelInputs.Gaussians(n, 4), g = KernelInputs.Gaussians(n, 5), slope = KernelInputs.Gaussians(n, 6, 0.1, 0.5);
        if (n > 0)
        {
            mu[0] = 0;
        }

        double[] w1 = new double[n], w2 = new double[n];
        NoiseKernels.SampleWeightsScalar(mu, sigma, eps, w1, NoiseKernels.SampleWeights512(mu, sigma, eps, w1));
        NoiseKernels.SampleWeightsScalar(mu, sigma, eps, w2);
        Assert.Equal(w2, w1);

        var c = new GradientCoefficients(3e-6, Math.Log(20.0 / 60000) + 2 * Math.Log(1e-3), 3);
        double[] logSigma = [.. sigma.Select(v => Math.Log(v))];
        double[] gm1 = new double[n], gp1 = new double[n], gm2 = new double[n], gp2 = new double[n];
        int i = NoiseKernels.ParameterGradients512(g, g, eps, mu, logSigma, slope, gm1, gp1, c);
        NoiseKernels.ParameterGradientsScalar(g, g, eps, mu, logSigma, slope, gm1, gp1, c, i);
        NoiseKernels.ParameterGradientsScalar(g, g, eps, mu, logSigma, slope, gm2, gp2, c);
        Assert.Equal(gm2, gm1);
        Assert.Equal(gp2, gp1);
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Adam_Vector512_equals_scalar(int n)
    {
        double[] theta1 = KernelInputs.Gaussians(n, 7), g = KernelInputs.Gaussians(n, 8), m1 = KernelInputs.Gaussians(n, 9, 0.1), v1 = [.. KernelInputs.Gaussians(n, 10).Select(x => x * x)];
        double[] theta2 = [.. theta1], m2 = [.. m1], v2 = [.. v1];
        var k = new AdamCoefficients(0.9, 0.999, 1e-8, 1e-3, 1 / (1 - Math.Pow(0.9, 3)), 1 / (1 - Math.Pow(0.999, 3)));
        int i = AdamKernel.Step512<double>(theta1, g, m1, v1, k);
        AdamKernel.StepScalar<double>(theta1, g, m1, v1, k, i);
        AdamKernel.StepScalar<double>(theta2, g, m2, v2, k);
        Assert.Equal(theta2, theta1);
        Assert.Equal(m2, m1);
        Assert.Equal(v2, v1);
    }

    [Theory]
    [MemberData(nameof(DenseKernelsTests.Shapes), MemberType = typeof(DenseKernelsTests))]
    public void Dense_products_Vector512_agree_with_scalar(int k, int d, int b) =>
        DenseProductsAgree(k, d, b, v => v);

    [Theory]
    [MemberData(nameof(DenseKernelsTests.Shapes), MemberType = typeof(DenseKernelsTests))]
    public void Dense_products_Vector512_agree_with_scalar_in_float(int k, int d, int b) =>
        DenseProductsAgree(k, d, b, KernelInputs.Single);

    private static void DenseProductsAgree<T>(int k, int d, int b, Func<double[], T[]> convert)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] w = convert(KernelInputs.Gaussians(k * d, 1)), bias = convert(KernelInputs.Gaussians(k, 2)), x = convert(KernelInputs.Gaussians(b * d, 3)), delta = convert(KernelInputs.Gaussians(b * k, 4));
        T[] z = new T[b * k], zRef = new T[b * k];
        DenseKernels.Forward512<T>(w, bias, x, z, k, d, b);
        DenseKernels.ForwardScalar<T>(w, bias, x, zRef, k, d, b);
        DenseKernelsTests.AssertForwardWithinRounding(w, bias, x, z, zRef, k, d, b);

        T[] g = new T[k * d], gRef = new T[k * d];
        DenseKernels.OuterProduct512<T>(delta, x, g, k, d, b);
        DenseKernels.OuterProductScalar<T>(delta, x, gRef, k, d, b);
        Assert.Equal(gRef, g);

        T[] dh = new T[b * d], dhRef = new T[b * d];
        int start = DenseKernels.InputGradient512<T>(delta, w, dh, k, d, b, 0, d);
        DenseKernels.InputGradientScalar<T>(delta, w, dh, k, d, b, start, d);
        DenseKernels.InputGradientScalar<T>(delta, w, dhRef, k, d, b);
        Assert.Equal(dhRef, dh);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(7850)]
    public void Sampler_Vector512_draws_the_scalar_numbers(int n)
    {
        var a = new GaussianSampler(42);
        var b = new GaussianSampler(42);
        for (int call = 0; call < 3; call++)
        {
            double[] x = new double[n], y = new double[n];
            int done = a.Fill512(x);
            Assert.Equal(n / 32 * 32, done);
            a.Fill256(x.AsSpan(done)); // the rest continues the same streams, as Fill does
            b.FillScalar(y);
            Assert.Equal(y, x);
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(7850)]
    public void Sampler_Vector512_draws_the_scalar_numbers_into_floats(int n)
    {
        var a = new GaussianSampler(42);
        var b = new GaussianSampler(42);
        for (int call = 0; call < 3; call++)
        {
            float[] x = new float[n];
            double[] y = new double[n];
            a.Fill256<float>(x.AsSpan(a.Fill512<float>(x)));
            b.FillScalar(y);
            Assert.Equal(y, x.Select(v => (double)v));
        }
    }

    [Fact]
    public void Float_fast_math_Vector512_forms_equal_the_scalar_forms_bit_for_bit()
    {
        var rng = new Xoshiro256(13);
        float[] u = [.. Enumerable.Range(0, 512).Select(_ => (float)(rng.NextUInt64() >> 41) / (1 << 23))];
        for (int i = 0; i < u.Length; i += 16)
        {
            var v = Vector512.Create(u.AsSpan(i, 16));
            Vector512<float> log = FastMath.Log(Vector512.Create(1f) - v);
            (Vector512<float> sin, Vector512<float> cos) = FastMath.SinCosOfTurn(v);
            for (int lane = 0; lane < 16; lane++)
            {
                (float s, float c) = FastMath.SinCosOfTurn(u[i + lane]);
                Assert.Equal(BitConverter.SingleToInt32Bits(FastMath.Log(1f - u[i + lane])), BitConverter.SingleToInt32Bits(log[lane]));
                Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(sin[lane]));
                Assert.Equal(BitConverter.SingleToInt32Bits(c), BitConverter.SingleToInt32Bits(cos[lane]));
            }
        }
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 10)]
    [InlineData(20, 10)]
    [InlineData(7, 3)]
    public void Softmax_delta_Vector512_equals_scalar(int b, int k)
    {
        double[] z = KernelInputs.Gaussians(b * k, 11, 5);
        byte[] labels = [.. Enumerable.Range(0, b).Select(i => (byte)(i * 7 % k))];
        double[] d1 = new double[b * k], d2 = new double[b * k], s1 = new double[b * k], s2 = new double[b * k];
        var r1 = SoftmaxKernel.Delta512(z, labels, d1, s1, k, b);
        var r2 = SoftmaxKernel.DeltaScalar(z, labels, d2, s2, k, b);
        Assert.Equal(r2, r1);
        Assert.Equal(d2, d1);
    }
}
