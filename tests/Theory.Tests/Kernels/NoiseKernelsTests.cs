using Theory.Kernels;
using Xunit;

namespace Theory.Tests.Kernels;

public class NoiseKernelsTests
{
    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Softplus_vector_equals_scalar_and_matches_the_reference(int n)
    {
        // phi from -12 to +4 crosses the series limit (-5), so vectors mix both branches.
        double[] phi = KernelInputs.Gaussians(n, 1, 4, -6);
        double[] s1 = new double[n], d1 = new double[n], l1 = new double[n], s2 = new double[n], d2 = new double[n], l2 = new double[n];
        NoiseKernels.Softplus(phi, s1, d1, l1);
        NoiseKernels.SoftplusScalar(phi, s2, d2, l2);
        Assert.Equal(s2, s1);
        Assert.Equal(d2, d1);
        Assert.Equal(l2, l1);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1.0, s1[i] / Theory.Training.Softplus.Value(phi[i]), 14);
            Assert.Equal(1.0, d1[i] / Theory.Training.Softplus.Derivative(phi[i]), 14);
            Assert.Equal(Math.Log(Theory.Training.Softplus.Value(phi[i])), l1[i], 1e-14 * Math.Max(1, Math.Abs(l1[i])));
        }
    }

    [Fact]
    public void Series_branch_is_accurate_on_both_sides_of_its_limit()
    {
        double[] phi = [-5 - 1e-12, -5, -5 + 1e-12, -4.9, -5.1, -7, -20, -700];
        int n = phi.Length;
        double[] s = new double[n], d = new double[n], l = new double[n];
        NoiseKernels.SoftplusScalar(phi, s, d, l);
        for (int i = 0; i < n; i++)
        {
            double e = Math.Exp(phi[i]);
            double sigma = 2 * Math.Atanh(e / (2 + e)); // log1p(e) without forming 1 + e
            Assert.Equal(1.0, s[i] / sigma, 15);
            Assert.Equal(1.0, d[i] / (e / (1 + e)), 15);
            Assert.Equal(Math.Log(sigma), l[i], 2e-15 * Math.Abs(l[i]));
        }
    }

    [Fact]
    public void Softplus_of_very_negative_phi_keeps_its_digits()
    {
        double[] phi = [-30, -300, 40];
        double[] sigma = new double[3], slope = new double[3], log = new double[3];
        NoiseKernels.Softplus(phi, sigma, slope, log);
        Assert.Equal(Math.Exp(-30), sigma[0], Math.Exp(-30) * 1e-13);
        Assert.Equal(Math.Exp(-300), sigma[1], Math.Exp(-300) * 1e-13);
        Assert.Equal(-300.0, log[1], 12);
        Assert.Equal(40.0, sigma[2], 12);
        Assert.Equal(1.0, slope[2]);
    }

    [Theory]
    [MemberData(nameof(KernelLengths.UpTo20), MemberType = typeof(KernelLengths))]
    public void Sample_weights_and_gradients_vector_equal_scalar(int n)
    {
        double[] mu = KernelInputs.Gaussians(n, 2), sigma = KernelInputs.Gaussians(n, 3, 0.001, 0.01).Select(Math.Abs).ToArray(), eps = KernelInputs.Gaussians(n, 4), g = KernelInputs.Gaussians(n, 5), slope = KernelInputs.Gaussians(n, 6, 0.1, 0.5);
        if (n > 0)
        {
            mu[0] = 0; // sign(0) = 0
        }

        double[] w1 = new double[n], w2 = new double[n];
        NoiseKernels.SampleWeights(mu, sigma, eps, w1);
        NoiseKernels.SampleWeightsScalar(mu, sigma, eps, w2);
        Assert.Equal(w2, w1);

        var c = new GradientCoefficients(3e-6, Math.Log(20.0 / 60000) + 2 * Math.Log(1e-3), 3);
        double[] gm1 = new double[n], gp1 = new double[n], gm2 = new double[n], gp2 = new double[n];
        double[] logSigma = [.. sigma.Select(v => Math.Log(v))];
        NoiseKernels.ParameterGradients(g, g, eps, mu, logSigma, slope, gm1, gp1, c);
        NoiseKernels.ParameterGradientsScalar(g, g, eps, mu, logSigma, slope, gm2, gp2, c);
        Assert.Equal(gm2, gm1);
        Assert.Equal(gp2, gp1);
        for (int i = 0; i < n; i++)
        {
            double rel = (20.0 / 60000) * Theory.Analytic.ReliabilityCost.Derivative(2, 1e-3, 1, sigma[i]);
            Assert.Equal(1.0, gp1[i] / ((g[i] * eps[i] + rel) * slope[i]), 12);
            Assert.Equal(g[i] + 3e-6 * Math.Sign(mu[i]), gm1[i]);
        }
    }

    [Fact]
    public void Short_destinations_are_refused_before_any_unchecked_store()
    {
        // The vector loops store without bounds checks, so each kernel checks every span on entry.
        double[] eight = new double[8], seven = new double[7];
        var c = new GradientCoefficients(0, 0, 2);
        Assert.Throws<ArgumentException>(() => NoiseKernels.Softplus(eight, eight, seven, eight));
        Assert.Throws<ArgumentException>(() => NoiseKernels.SampleWeights(eight, eight, eight, seven));
        Assert.Throws<ArgumentException>(() => NoiseKernels.ParameterGradients(eight, eight, eight, eight, eight, eight, eight, seven, c));
        Assert.Equal(new double[7], seven);
    }
}
