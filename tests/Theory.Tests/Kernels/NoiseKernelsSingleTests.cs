using System.Runtime.Intrinsics;
using Theory.Kernels;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Kernels;

/// <summary>
/// The float softplus of the --float model and its float exp: every vector path (Vector256, Vector512, and the
/// dispatching entry) against the scalar reference bit for bit, and the scalar reference against the double
/// kernel (an independent computation in double precision) to float accuracy.
/// </summary>
public class NoiseKernelsSingleTests
{
    // phi over the whole range training meets: sigma from 1e-38 to 30, both sides of the series limit, mixed in vectors.
    private static float[] Phis(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        float[] edges = [-87.2f, -87.4f, -100f, -60f, -20f, -9.21f, -5.0001f, -5f, -4.9999f, -1f, -1e-8f, 0f, 1e-8f, 1f, 5f, 16.7f, 17f, 30f];
        return [.. edges, .. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 110) - 85))];
    }

    [Fact]
    public void Float_exp_vector_forms_equal_the_scalar_form_and_Math_Exp_to_float_accuracy()
    {
        var rng = new Xoshiro256(3);
        float[] x = [.. Enumerable.Range(0, 4000).Select(_ => (float)((rng.NextDouble() * 175) - 87)), -87.3f, -87.29f, -88f, 87.9f, 88f, 88.1f, 0f, -0f, 0.34657f, -0.34657f];
        for (int i = 0; i + 16 <= x.Length; i += 16)
        {
            Vector512<float> v512 = FastMath.Exp(Vector512.Create(x.AsSpan(i, 16)));
            Vector256<float> v256 = FastMath.Exp(Vector256.Create(x.AsSpan(i, 8)));
            for (int lane = 0; lane < 16; lane++)
            {
                float s = FastMath.Exp(x[i + lane]);
                Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(v512[lane]));
                if (lane < 8)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(v256[lane]));
                }
            }
        }

        foreach (float v in x)
        {
            float e = FastMath.Exp(v);
            double exact = Math.Exp(v);
            if (v < -87.3f)
            {
                Assert.Equal(0f, e);
            }
            else if (v > 88f)
            {
                Assert.Equal(float.PositiveInfinity, e);
            }
            else if (exact >= 1.1754944e-38)
            {
                Assert.True(Math.Abs(e - exact) <= 2.5e-7 * exact, $"exp({v:R}) = {e:R}, exact {exact:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Float_softplus_vector_paths_equal_the_scalar_path(int n)
    {
        float[] phi = [.. Phis(n + 40, (ulong)n + 1).Take(n)];
        var (s0, d0, l0, q0) = Run(phi, (p, s, d, l, q) => NoiseKernels.SoftplusSingleScalar(p, s, d, l, q));
        foreach (Func<float[], float[], float[], float[], float[], int> body in new Func<float[], float[], float[], float[], float[], int>[]
        {
            (p, s, d, l, q) => NoiseKernels.SoftplusSingle256(p, s, d, l, q),
            (p, s, d, l, q) => NoiseKernels.SoftplusSingle512(p, s, d, l, q),
        })
        {
            var (s1, d1, l1, q1) = Run(phi, (p, s, d, l, q) =>
            {
                int i = body(p, s, d, l, q);
                NoiseKernels.SoftplusSingleScalar(p, s, d, l, q, i);
            });
            Assert.Equal(s0, s1);
            Assert.Equal(d0, d1);
            Assert.Equal(l0, l1);
            Assert.Equal(q0, q1);
        }

        var (s2, d2, l2, q2) = Run(phi, (p, s, d, l, q) => NoiseKernels.SoftplusSingle(p, s, d, l, q));
        Assert.Equal(s0, s2);
        Assert.Equal(d0, d2);
        Assert.Equal(l0, l2);
        Assert.Equal(q0, q2);
    }

    [Fact]
    public void Float_softplus_matches_the_double_kernel_to_float_accuracy()
    {
        float[] phi = Phis(20000, 7);
        var (s, d, l, q) = Run(phi, (p, a, b, c, e) => NoiseKernels.SoftplusSingle(p, a, b, c, e));
        double[] phiD = [.. phi.Select(v => (double)v)];
        double[] sD = new double[phi.Length], dD = new double[phi.Length], lD = new double[phi.Length];
        NoiseKernels.SoftplusScalar(phiD, sD, dD, lD);
        for (int i = 0; i < phi.Length; i++)
        {
            string at = $"phi {phi[i]:R}";
            if (phi[i] < -87.3f)
            {
                Assert.Equal(0f, s[i]);
                Assert.Equal(0f, d[i]);
            }
            else if (sD[i] >= 1.2e-38 && dD[i] >= 1.2e-38)
            {
                Assert.True(Math.Abs(s[i] - sD[i]) <= 3e-7 * sD[i], $"sigma {s[i]:R} against {sD[i]:R} at {at}");
                Assert.True(Math.Abs(d[i] - dD[i]) <= 3e-7 * dD[i], $"slope {d[i]:R} against {dD[i]:R} at {at}");
            }

            // ln sigma and ln slope: absolute error of a few float ulps of their size (the series form keeps ln sigma exact where sigma underflows).
            Assert.True(Math.Abs(l[i] - lD[i]) <= 3e-7 * Math.Max(1, Math.Abs(lD[i])), $"ln sigma {l[i]:R} against {lD[i]:R} at {at}");
            double lnSlope = phiD[i] - sD[i]; // ln logistic(phi) = phi - softplus(phi)
            if (phi[i] >= 0)
            {
                lnSlope = -FastMath.Log1p(Math.Exp(-phiD[i])); // double.LogP1 forms 1 + x and loses the small ones
            }

            Assert.True(Math.Abs(q[i] - lnSlope) <= 3e-7 * Math.Max(1e-30, Math.Abs(lnSlope)) + 1e-45, $"ln slope {q[i]:R} against {lnSlope:R} at {at}");
        }
    }

    [Theory]
    [InlineData(0.5, 101)]
    [InlineData(2.0, 102)]
    public void Float_parameter_gradients_vector_paths_equal_scalar_and_match_the_double_kernel(double rho, ulong seed)
    {
        // Softplus outputs from the float kernel over the whole phi range (sigma down to 1e-38, where sigma^-(rho+1)
        // alone overflows float), data gradients of both signs, and mu with zeros (sign(0) = 0).
        float[] phi = Phis(301, seed);
        int n = phi.Length;
        (float[] sigma, float[] slope, float[] logSigma, float[] logSlope) = Run(phi, (p, s, d, l, q) => NoiseKernels.SoftplusSingleScalar(p, s, d, l, q));
        var rng = new Xoshiro256(seed + 1);
        float[] Normals() => [.. Enumerable.Range(0, n).Select(_ => (float)rng.NextGaussian())];
        float[] g = Normals(), g2 = Normals(), m = Normals(), mu = Normals();
        for (int i = 0; i < n; i += 7)
        {
            mu[i] = 0;
        }

        // c as ParameterGradients forms it: (B/N) kappa, ln((B/N) lambda s^rho), rho + 1 with B/N = 20/60000.
        var c = new GradientCoefficients(20.0 / 60000 * 0.01, Math.Log(20.0 / 60000) + (rho * Math.Log(1e-3)), rho + 1);
        float[] gMuS = new float[n], gPhiS = new float[n];
        NoiseKernels.ParameterGradientsSingleScalar(g, g2, m, mu, logSigma, slope, logSlope, gMuS, gPhiS, c);
        foreach (var path in new (string Name, bool Supported, Func<float[], float[], int> Body)[]
        {
            ("Vector256", Vector256.IsHardwareAccelerated, (gMu, gPhi) => NoiseKernels.ParameterGradientsSingle256(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c)),
            ("Vector512", Vector512.IsHardwareAccelerated, (gMu, gPhi) => NoiseKernels.ParameterGradientsSingle512(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c)),
            ("dispatch", true, (gMu, gPhi) => { NoiseKernels.ParameterGradientsSingle(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c); return n; }),
        })
        {
            if (!path.Supported)
            {
                continue;
            }

            float[] gMu = new float[n], gPhi = new float[n];
            int tail = path.Body(gMu, gPhi);
            Assert.True(tail > n - 16, $"{path.Name} stopped at {tail} of {n}");
            NoiseKernels.ParameterGradientsSingleScalar(g, g2, m, mu, logSigma, slope, logSlope, gMu, gPhi, c, tail);
            Assert.Equal(gMuS, gMu);
            Assert.Equal(gPhiS, gPhi);
        }

        // Against the double kernel on the same inputs widened to double (its reliability term is exp(ln c - (rho + 1) ln sigma) times the slope).
        double[] D(float[] v) => [.. v.Select(x => (double)x)];
        double[] gMuD = new double[n], gPhiD = new double[n];
        NoiseKernels.ParameterGradientsScalar(D(g), D(g2), D(m), D(mu), D(logSigma), D(slope), gMuD, gPhiD, c);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(gMuD[i], gMuS[i], 1e-6 * Math.Max(1, Math.Abs(gMuD[i])));
            double rel = Math.Exp(c.LogReliability - (c.RhoPlusOne * logSigma[i]) + logSlope[i]);
            double data = (double)g2[i] * m[i] * slope[i];
            double scale = Math.Abs(data) + rel; // the float terms' own size: each is good to a few ulps of itself
            Assert.True(float.IsFinite(gPhiS[i]) || rel > 3e38, $"gPhi {gPhiS[i]} at phi {phi[i]:R}");
            if (rel < 1e38)
            {
                // ln sigma and ln slope carry absolute errors of a few 1e-7 of their size, so the exponent's error scales with them.
                double exponentError = 4e-7 * ((c.RhoPlusOne * Math.Abs(logSigma[i])) + Math.Abs(c.LogReliability) + Math.Abs(logSlope[i]));
                Assert.True(Math.Abs(gPhiS[i] - (data - rel)) <= (3e-7 * scale) + (exponentError * rel) + 1e-44, $"gPhi {gPhiS[i]:R} against {data - rel:R} at phi {phi[i]:R}");
            }
        }
    }

    private static (float[] S, float[] D, float[] L, float[] Q) Run(float[] phi, Action<float[], float[], float[], float[], float[]> kernel)
    {
        float[] s = new float[phi.Length], d = new float[phi.Length], l = new float[phi.Length], q = new float[phi.Length];
        kernel(phi, s, d, l, q);
        return (s, d, l, q);
    }
}
