using MathNet.Numerics.LinearAlgebra;
using Theory.Pruning;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Pruning;

/// <summary>
/// Section 14's linear algebra: the Lyapunov solvers against a brute-force Kronecker solve and against each other
/// (Bartels-Stewart in LAPACK, Roberts' iteration in managed code), the symmetric closed form, and every native
/// eigen-solver against MathNet.
/// </summary>
public class DenseAlgebraTests
{
    /// <summary>A random stable matrix: -shift I plus a Gaussian one scaled by 1/sqrt(n).</summary>
    internal static double[] StableMatrix(int n, ulong seed, bool symmetric, double shift = 2)
    {
        var rng = new Xoshiro256(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = symmetric ? i : 0; j < n; j++)
            {
                double v = rng.NextGaussian() / Math.Sqrt(n);
                a[(i * n) + j] = v;
                if (symmetric)
                {
                    a[(j * n) + i] = v;
                }
            }

            a[(i * n) + i] -= shift;
        }

        return a;
    }

    private static double MaxDifference(double[] x, double[] y) => x.Zip(y, (a, b) => Math.Abs(a - b)).Max();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lyapunov_matches_the_Kronecker_solve(bool native)
    {
        const int n = 7;
        double[] a = StableMatrix(n, 11, symmetric: false);
        Matrix<double> am = Matrix<double>.Build.DenseOfRowMajor(n, n, a);
        Matrix<double> identity = Matrix<double>.Build.DenseIdentity(n);

        // vec(A C + C A^T) = (I kron A + A kron I) vec C for column-major vec
        Matrix<double> kron = identity.KroneckerProduct(am) + am.KroneckerProduct(identity);
        Vector<double> vecC = kron.Solve(-Vector<double>.Build.DenseOfArray(identity.ToColumnMajorArray()));
        double[] expected = Matrix<double>.Build.DenseOfColumnMajor(n, n, vecC.ToArray()).ToRowMajorArray();

        double[] c = DenseAlgebra.Lyapunov(a, n, native);
        Assert.True(MaxDifference(c, expected) < 1e-12, $"max difference {MaxDifference(c, expected)}");
    }

    [Fact]
    public void Bartels_Stewart_and_Roberts_agree_on_a_larger_asymmetric_matrix()
    {
        const int n = 60;
        double[] a = StableMatrix(n, 5, symmetric: false, shift: 1.2);
        double[] native = DenseAlgebra.Lyapunov(a, n, native: true);
        double[] managed = DenseAlgebra.Lyapunov(a, n, native: false);
        Assert.True(Theory.Analytic.NativeLapack.IsAvailable);
        Assert.True(MaxDifference(native, managed) < 1e-11 * managed.Max(Math.Abs), $"max difference {MaxDifference(native, managed)}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Symmetric_covariance_is_minus_A_inverse_over_two_and_solves_Lyapunov(bool native)
    {
        const int n = 40;
        double[] a = StableMatrix(n, 3, symmetric: true);
        double[] closed = DenseAlgebra.SymmetricCovariance(a, n, native)!;
        double[] lyapunov = DenseAlgebra.Lyapunov(a, n, native);
        Assert.True(MaxDifference(closed, lyapunov) < 1e-13, $"max difference {MaxDifference(closed, lyapunov)}");
        Assert.Null(DenseAlgebra.SymmetricCovariance([.. a.Select(v => -v)], n, native)); // -A not positive definite
    }

    [Fact]
    public void Native_eigen_solvers_match_MathNet()
    {
        const int n = 25;
        double[] s = StableMatrix(n, 8, symmetric: true);
        double[] g = StableMatrix(n, 9, symmetric: false);
        double[] nativeSym = DenseAlgebra.SymmetricEigen(s, n, withVectors: true, out double[]? nv, native: true);
        double[] managedSym = DenseAlgebra.SymmetricEigen(s, n, withVectors: true, out double[]? mv, native: false);
        Assert.True(MaxDifference(nativeSym, managedSym) < 1e-12);
        Assert.True(nativeSym.Zip(nativeSym.Skip(1), (x, y) => x <= y).All(b => b), "ascending");
        for (int k = 0; k < n; k++)
        {
            double dot = 0;
            for (int i = 0; i < n; i++)
            {
                dot += nv![(i * n) + k] * mv![(i * n) + k];
            }

            Assert.Equal(1, Math.Abs(dot), 1e-9); // the same vector up to sign
        }

        double[] nativeGeneral = [.. DenseAlgebra.GeneralEigenvalues(g, n, true).OrderBy(z => z.Real).ThenBy(z => z.Imaginary).SelectMany(z => new[] { z.Real, z.Imaginary })];
        double[] managedGeneral = [.. DenseAlgebra.GeneralEigenvalues(g, n, false).OrderBy(z => z.Real).ThenBy(z => z.Imaginary).SelectMany(z => new[] { z.Real, z.Imaginary })];
        Assert.True(MaxDifference(nativeGeneral, managedGeneral) < 1e-10);

        double[] b = [.. s.Select(v => -v)];
        double[] other = [.. StableMatrix(n, 10, symmetric: true).Select(v => -v)];
        double[] nativeGen = DenseAlgebra.GeneralizedSymmetricEigenvalues(other, b, n, true)!;
        double[] managedGen = DenseAlgebra.GeneralizedSymmetricEigenvalues(other, b, n, false)!;
        Assert.True(MaxDifference(nativeGen, managedGen) < 1e-11);
        Assert.Null(DenseAlgebra.GeneralizedSymmetricEigenvalues(other, s, n, true));
        Assert.Null(DenseAlgebra.GeneralizedSymmetricEigenvalues(other, s, n, false));
    }

    [Fact]
    public void Generalised_eigenvalues_bound_every_Rayleigh_quotient_and_are_the_extremes_of_F_inverse_P()
    {
        // eps is max over z of |z^T P z / z^T F z - 1|: brute force over random z never leaves [mu_min, mu_max]
        const int n = 12;
        double[] f = [.. StableMatrix(n, 21, symmetric: true).Select(v => -v)];
        double[] p = [.. StableMatrix(n, 22, symmetric: true, shift: 3).Select(v => -v)];
        double[] mu = DenseAlgebra.GeneralizedSymmetricEigenvalues(p, f, n, true)!;
        var rng = new Xoshiro256(4);
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        var z = new double[n];
        for (int t = 0; t < 20_000; t++)
        {
            rng.FillGaussian(z);
            double q = Quadratic(p, z, n) / Quadratic(f, z, n);
            lowest = Math.Min(lowest, q);
            highest = Math.Max(highest, q);
        }

        Assert.True(lowest >= mu[0] - 1e-12 && highest <= mu[^1] + 1e-12, $"[{lowest}, {highest}] outside [{mu[0]}, {mu[^1]}]");

        // and the extremes are those of F^-1 P's spectrum, computed by MathNet's general solver
        var fm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(n, n, f);
        var pm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(n, n, p);
        double[] spectrum = [.. fm.Solve(pm).Evd().EigenValues.Select(v => v.Real).Order()];
        Assert.Equal(spectrum[0], mu[0], 1e-10);
        Assert.Equal(spectrum[^1], mu[^1], 1e-10);
    }

    private static double Quadratic(double[] m, double[] z, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                sum += z[i] * m[(i * n) + j] * z[j];
            }
        }

        return sum;
    }
}
