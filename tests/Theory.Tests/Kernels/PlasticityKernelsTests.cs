using Theory.Kernels;
using Xunit;

namespace Theory.Tests.Kernels;

/// <summary>
/// The plastic network's kernels: each vector body (Vector512 in software where the CPU lacks AVX-512) against
/// the scalar reference bit for bit, at lengths with and without a tail, and the scalar reference against the
/// formulas of THEORY.md (13.2) and (13.6) written out term by term.
/// </summary>
public class PlasticityKernelsTests
{
    public static TheoryData<int> Lengths => [1, 3, 7, 8, 9, 15, 16, 17, 40, 500, 503];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_paths_agree_bit_for_bit_and_with_a_plain_sum(int n)
    {
        double[] x = KernelInputs.Gaussians(n, 1), y = KernelInputs.Gaussians(n, 2);
        double reference = PlasticityKernels.DotScalar(x, y);
        Assert.Equal(Bits(reference), Bits(PlasticityKernels.Dot256(x, y)));
        Assert.Equal(Bits(reference), Bits(PlasticityKernels.Dot512(x, y)));
        Assert.Equal(Bits(reference), Bits(PlasticityKernels.Dot(x, y)));
        Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), reference, 1e-12 * Math.Sqrt(n));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Column_terms_paths_agree_bit_for_bit(int n)
    {
        (double[] x, double[] x2, double[] w, double[] c) = Column(n, 3);
        var results = new List<(double[] W, double[] P, double[] Gy, double[] Gw, bool Ok)>();
        foreach (int path in new[] { 0, 256, 512, -1 })
        {
            double[] wk = (double[])w.Clone(), p = new double[6 * n], gy = new double[n], gw = new double[n];
            bool ok = true;
            int start = path switch
            {
                256 => PlasticityKernels.ColumnTerms256(x, x2, wk, c, 0.01, 1e6, p, gy, gw, ref ok),
                512 => PlasticityKernels.ColumnTerms512(x, x2, wk, c, 0.01, 1e6, p, gy, gw, ref ok),
                _ => 0,
            };
            ok = path == -1 ? PlasticityKernels.ColumnTerms(x, x2, wk, c, 0.01, 1e6, p, gy, gw) : PlasticityKernels.ColumnTermsScalar(x, x2, wk, c, 0.01, 1e6, p, gy, gw, start) && ok;
            results.Add((wk, p, gy, gw, ok));
        }

        foreach (var r in results.Skip(1))
        {
            Assert.Equal(results[0].W.Select(Bits), r.W.Select(Bits));
            Assert.Equal(results[0].P.Select(Bits), r.P.Select(Bits));
            Assert.Equal(results[0].Gy.Select(Bits), r.Gy.Select(Bits));
            Assert.Equal(results[0].Gw.Select(Bits), r.Gw.Select(Bits));
            Assert.True(r.Ok);
        }
    }

    [Fact]
    public void Column_terms_are_the_rule_and_its_derivatives_term_by_term()
    {
        const int n = 11;
        const double eta = 0.03;
        var rng = new Theory.Stats.Xoshiro256(9);
        double[] theta = [.. Enumerable.Range(0, 27).Select(_ => rng.NextGaussian())];
        double[] x = KernelInputs.Gaussians(n, 4), w = KernelInputs.Gaussians(n, 5, 0.5);
        double[] x2 = [.. x.Select(v => v * v)];
        const double y = 0.37;
        var c = new double[18];
        for (int a = 0; a < 3; a++)
        {
            for (int cc = 0; cc < 3; cc++)
            {
                double t0 = theta[(9 * a) + cc], t1 = theta[(9 * a) + 3 + cc], t2 = theta[(9 * a) + 6 + cc];
                c[(3 * a) + cc] = t0 + (t1 * y) + (t2 * y * y);
                c[9 + (3 * a) + cc] = t1 + (2 * t2 * y);
            }
        }

        double[] wk = (double[])w.Clone(), p = new double[6 * n], gy = new double[n], gw = new double[n];
        Assert.True(PlasticityKernels.ColumnTermsScalar(x, x2, wk, c, eta, 1e6, p, gy, gw));
        for (int i = 0; i < n; i++)
        {
            double change = 0, dy = 0, dw = 0;
            for (int k = 0; k < 27; k++)
            {
                int a = k / 9, b = k / 3 % 3, e = k % 3;
                change += theta[k] * Math.Pow(x[i], a) * Math.Pow(y, b) * Math.Pow(w[i], e);
                dy += b == 0 ? 0 : theta[k] * b * Math.Pow(x[i], a) * Math.Pow(y, b - 1) * Math.Pow(w[i], e);
                dw += e == 0 ? 0 : theta[k] * e * Math.Pow(x[i], a) * Math.Pow(y, b) * Math.Pow(w[i], e - 1);
            }

            Assert.Equal(w[i] + (eta * change), wk[i], 1e-12);
            Assert.Equal(eta * dy, gy[i], 1e-12);
            Assert.Equal(eta * dw, gw[i], 1e-12);
            Assert.Equal(x[i] * w[i] * w[i], p[(3 * n) + i], 1e-14);
        }
    }

    [Fact]
    public void A_weight_past_the_bound_or_not_finite_is_reported_on_every_path()
    {
        foreach (int n in new[] { 3, 8, 16, 19 })
        {
            (double[] x, double[] x2, double[] w, double[] c) = Column(n, 6);
            w[n - 1] = 2e6; // past the bound already; the update keeps it there
            Assert.False(PlasticityKernels.ColumnTerms(x, x2, (double[])w.Clone(), c, 1e-3, 1e6, new double[6 * n], new double[n], new double[n]));
            w[n - 1] = double.NaN;
            Assert.False(PlasticityKernels.ColumnTerms(x, x2, (double[])w.Clone(), c, 1e-3, 1e6, new double[6 * n], new double[n], new double[n]));
            if (n % 8 == 0)
            {
                // the NaN sits in the vector bodies' part: each must report it itself
                bool ok256 = true, ok512 = true;
                PlasticityKernels.ColumnTerms256(x, x2, (double[])w.Clone(), c, 1e-3, 1e6, new double[6 * n], new double[n], new double[n], ref ok256);
                PlasticityKernels.ColumnTerms512(x, x2, (double[])w.Clone(), c, 1e-3, 1e6, new double[6 * n], new double[n], new double[n], ref ok512);
                Assert.False(ok256);
                Assert.False(ok512);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sensitivity_step_paths_agree_bit_for_bit_and_with_13_6(int n)
    {
        double[] s = KernelInputs.Gaussians(n, 7), phi = KernelInputs.Gaussians(n, 8), gy = KernelInputs.Gaussians(n, 9, 0.1), gw = KernelInputs.Gaussians(n, 10, 0.1);
        double[] xNext = KernelInputs.Gaussians(n, 11);
        const double scale = 0.02, dy = -0.7;
        double[] s0 = (double[])s.Clone(), s1 = (double[])s.Clone(), s2 = (double[])s.Clone(), s3 = (double[])s.Clone();
        double d0 = PlasticityKernels.SensitivityStepScalar(s0, phi, scale, gy, dy, gw, xNext);
        double d1 = PlasticityKernels.SensitivityStep256(s1, phi, scale, gy, dy, gw, xNext);
        double d2 = PlasticityKernels.SensitivityStep512(s2, phi, scale, gy, dy, gw, xNext);
        double d3 = PlasticityKernels.SensitivityStep(s3, phi, scale, gy, dy, gw, xNext);
        Assert.Equal(Bits(d0), Bits(d1));
        Assert.Equal(Bits(d0), Bits(d2));
        Assert.Equal(Bits(d0), Bits(d3));
        Assert.Equal(s0.Select(Bits), s1.Select(Bits));
        Assert.Equal(s0.Select(Bits), s2.Select(Bits));
        Assert.Equal(s0.Select(Bits), s3.Select(Bits));
        double dot = 0;
        for (int i = 0; i < n; i++)
        {
            double next = s[i] + (scale * phi[i]) + (gy[i] * dy) + (gw[i] * s[i]);
            Assert.Equal(next, s0[i], 1e-12);
            dot += xNext[i] * next;
        }

        Assert.Equal(dot, d0, 1e-11 * Math.Sqrt(n));
    }

    [Fact]
    public void Short_buffers_are_refused_before_any_unchecked_store()
    {
        double[] eight = new double[8], seven = new double[7];
        Assert.Throws<ArgumentException>(() => PlasticityKernels.Dot(eight, seven));
        Assert.Throws<ArgumentException>(() => PlasticityKernels.SensitivityStep(eight, eight, 1, eight, 1, seven, eight));
        Assert.Throws<ArgumentException>(() => PlasticityKernels.ColumnTerms(eight, eight, eight, new double[18], 1, 1, new double[47], eight, eight));
        Assert.Throws<ArgumentException>(() => PlasticityKernels.ColumnTerms(eight, eight, eight, new double[17], 1, 1, new double[48], eight, eight));
    }

    private static (double[] X, double[] X2, double[] W, double[] C) Column(int n, ulong seed)
    {
        double[] x = KernelInputs.Gaussians(n, seed), w = KernelInputs.Gaussians(n, seed + 1, 0.3), c = KernelInputs.Gaussians(18, seed + 2);
        return (x, [.. x.Select(v => v * v)], w, c);
    }

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}
