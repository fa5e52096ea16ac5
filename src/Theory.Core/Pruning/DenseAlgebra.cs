using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Theory.Analytic;

namespace Theory.Pruning;

/// <summary>
/// The dense linear algebra of section 14 on row-major n x n arrays, through LAPACK (<see cref="NativeLapack"/>) when
/// <c>native</c> and it loaded, else through MathNet's managed code. The managed Lyapunov solver is a different
/// algorithm (Roberts' sign-function iteration) from the native one (Bartels-Stewart), so the tests that compare the
/// two check the method, not just the binding.
/// </summary>
internal static class DenseAlgebra
{
    /// <summary>Whether the native path will be used for <paramref name="native"/>.</summary>
    public static bool UsesNative(bool native) => native && NativeLapack.IsAvailable;

    /// <summary>Ascending eigenvalues of a symmetric matrix, and with <paramref name="withVectors"/> its eigenvectors as columns (row-major).</summary>
    public static double[] SymmetricEigen(double[] a, int n, bool withVectors, out double[]? vectors, bool native)
    {
        if (UsesNative(native))
        {
            return NativeLapack.SymmetricEigen(a, n, out vectors, withVectors);
        }

        Evd<double> evd = Matrix<double>.Build.DenseOfRowMajor(n, n, a).Evd(Symmetricity.Symmetric);
        double[] values = [.. evd.EigenValues.Select(v => v.Real)];
        int[] order = [.. Enumerable.Range(0, n).OrderBy(k => values[k])];
        vectors = null;
        if (withVectors)
        {
            vectors = new double[n * n];
            for (int k = 0; k < n; k++)
            {
                for (int i = 0; i < n; i++)
                {
                    vectors[(i * n) + k] = evd.EigenVectors[i, order[k]];
                }
            }
        }

        return [.. order.Select(k => values[k])];
    }

    /// <summary>Eigenvalues of a general real matrix, in no particular order.</summary>
    public static Complex[] GeneralEigenvalues(double[] a, int n, bool native)
    {
        if (UsesNative(native))
        {
            (double[] re, double[] im) = NativeLapack.GeneralEigenvalues(a, n);
            return [.. re.Zip(im, (r, i) => new Complex(r, i))];
        }

        return [.. Matrix<double>.Build.DenseOfRowMajor(n, n, a).Evd(Symmetricity.Asymmetric).EigenValues];
    }

    /// <summary>Ascending mu of a x = mu b x (a symmetric, b symmetric positive definite); null when b is not positive definite.</summary>
    public static double[]? GeneralizedSymmetricEigenvalues(double[] a, double[] b, int n, bool native)
    {
        if (UsesNative(native))
        {
            return NativeLapack.GeneralizedSymmetricEigenvalues(a, b, n);
        }

        Matrix<double> bm = Matrix<double>.Build.DenseOfRowMajor(n, n, b);
        Cholesky<double> chol;
        try
        {
            chol = bm.Cholesky();
        }
        catch (ArgumentException)
        {
            return null;
        }

        Matrix<double> inverseFactor = chol.Factor.Inverse();
        Matrix<double> m = inverseFactor * Matrix<double>.Build.DenseOfRowMajor(n, n, a) * inverseFactor.Transpose();
        m = (m + m.Transpose()) * 0.5; // symmetric up to rounding; make it exactly so for the symmetric solver
        return [.. m.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Order()];
    }

    /// <summary>The product a b.</summary>
    public static double[] Multiply(double[] a, double[] b, int n, bool native)
    {
        if (UsesNative(native))
        {
            return NativeLapack.Multiply(a, b, n);
        }

        return (Matrix<double>.Build.DenseOfRowMajor(n, n, a) * Matrix<double>.Build.DenseOfRowMajor(n, n, b)).ToRowMajorArray();
    }

    /// <summary>C with A C + C A^T + I = 0 (14.2); A must be stable.</summary>
    public static double[] Lyapunov(double[] a, int n, bool native)
    {
        var identity = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1;
        }

        return UsesNative(native) ? NativeLapack.Lyapunov(a, identity, n) : RobertsLyapunov(a, n);
    }

    /// <summary>-A^-1 / 2 for a symmetric stable A (14.2's closed form); null when -A is not positive definite.</summary>
    public static double[]? SymmetricCovariance(double[] a, int n, bool native)
    {
        double[] minusA = [.. a.Select(v => -v)];
        double[]? inverse;
        if (UsesNative(native))
        {
            inverse = NativeLapack.InverseOfPositiveDefinite(minusA, n);
        }
        else
        {
            try
            {
                inverse = Matrix<double>.Build.DenseOfRowMajor(n, n, minusA).Cholesky().Solve(Matrix<double>.Build.DenseIdentity(n)).ToRowMajorArray();
            }
            catch (ArgumentException)
            {
                inverse = null;
            }
        }

        if (inverse is null)
        {
            return null;
        }

        for (int i = 0; i < inverse.Length; i++)
        {
            inverse[i] *= 0.5;
        }

        return inverse;
    }

    /// <summary>
    /// Roberts (1980): for a stable A, A_(k+1) = (A_k + A_k^-1) / 2 converges quadratically to sign(A) = -I, and
    /// Q_(k+1) = (Q_k + A_k^-1 Q_k A_k^-T) / 2 (Q_0 = I) to 2 C.
    /// </summary>
    private static double[] RobertsLyapunov(double[] a, int n)
    {
        Matrix<double> ak = Matrix<double>.Build.DenseOfRowMajor(n, n, a);
        Matrix<double> qk = Matrix<double>.Build.DenseIdentity(n);
        double tolerance = 1e-13 * Math.Sqrt(n);
        for (int k = 0; k < 100; k++)
        {
            Matrix<double> inverse = ak.Inverse();
            qk = (qk + (inverse * qk * inverse.Transpose())) * 0.5;
            Matrix<double> next = (ak + inverse) * 0.5;
            double change = (next - ak).FrobeniusNorm();
            ak = next;
            if (change <= tolerance)
            {
                break; // A_k = -I to rounding: Q stops changing too
            }
        }

        return (qk * 0.5).ToRowMajorArray();
    }
}
