using MathNet.Numerics.LinearAlgebra;

namespace Theory.Analytic;

/// <summary>
/// The Bayesian posterior of the linear Gaussian model with prior w ~ N(0, sigma_0^2 I) (THEORY.md section 4):
/// precision P = A / sigma_y^2 + I / sigma_0^2.
/// </summary>
public static class Posterior
{
    /// <summary>P = A / sigma_y^2 + I / sigma_0^2. Range: A symmetric d x d; sigma_y, sigma_0 &gt; 0.</summary>
    public static Matrix<double> Precision(Matrix<double> gram, double sigmaY, double sigma0)
    {
        Validate(gram, sigmaY, sigma0);
        return PrecisionUnchecked(gram, sigmaY, sigma0);
    }

    /// <summary>
    /// Exact marginal variances (P^-1)_ii: through LAPACK (dpotrf, dpotri) when <see cref="NativeLapack"/> is
    /// available, else from MathNet's managed Cholesky factor L as the squared column norms of L^-1.
    /// </summary>
    /// <exception cref="ArgumentException">P is not positive definite (names <paramref name="gram"/>).</exception>
    public static double[] ExactMarginalVariances(Matrix<double> gram, double sigmaY, double sigma0) =>
        ExactMarginalVariances(gram, sigmaY, sigma0, NativeLapack.IsAvailable);

    /// <summary>As <see cref="ExactMarginalVariances(Matrix{double}, double, double)"/>, choosing the path.</summary>
    public static double[] ExactMarginalVariances(Matrix<double> gram, double sigmaY, double sigma0, bool native)
    {
        Validate(gram, sigmaY, sigma0);
        Matrix<double> precision = PrecisionUnchecked(gram, sigmaY, sigma0);
        if (!native)
        {
            return DiagonalOfInverse(precision, nameof(gram));
        }

        double[]? diagonal = NativeLapack.DiagonalOfInverse(precision.ToRowMajorArray(), precision.RowCount);
        return Representable(diagonal ?? throw new ArgumentException("the posterior precision P is not positive definite.", nameof(gram)), nameof(gram));
    }

    /// <summary>Posterior mean P^-1 b / sigma_y^2, with b = X^T y, by Cholesky.</summary>
    /// <exception cref="ArgumentException">P is not positive definite or b has the wrong length.</exception>
    public static double[] Mean(Matrix<double> gram, IReadOnlyList<double> moment, double sigmaY, double sigma0)
    {
        Validate(gram, sigmaY, sigma0);
        ArgumentNullException.ThrowIfNull(moment);
        Guard.SameLength(gram.RowCount, moment.Count, nameof(moment));
        var b = Vector<double>.Build.DenseOfEnumerable(moment.Select(v => v / (sigmaY * sigmaY)));
        try
        {
            return PrecisionUnchecked(gram, sigmaY, sigma0).Cholesky().Solve(b).ToArray();
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("the posterior precision P is not positive definite.", nameof(gram));
        }
    }

    /// <summary>Mean-field (factorised VI) optimum v_i^MF = 1 / P_ii = 1 / (A_ii/sigma_y^2 + 1/sigma_0^2).</summary>
    public static double[] MeanFieldVariances(ReadOnlySpan<double> gramDiagonal, double sigmaY, double sigma0)
    {
        Guard.StandardDeviation(sigmaY, nameof(sigmaY));
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        Guard.AllNonNegativeFinite(gramDiagonal, nameof(gramDiagonal));
        var v = new double[gramDiagonal.Length];
        double priorPrecision = 1 / (sigma0 * sigma0);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 1 / (gramDiagonal[i] / (sigmaY * sigmaY) + priorPrecision);
        }

        return v;
    }

    /// <summary>
    /// Large-prior limit of the mean-field variance, sigma_y^2 / A_ii = 1 / h_i (paper Eq. 54c);
    /// +infinity where A_ii = 0 (unconstrained).
    /// </summary>
    public static double[] LargePriorVariances(ReadOnlySpan<double> gramDiagonal, double sigmaY)
    {
        Guard.StandardDeviation(sigmaY, nameof(sigmaY));
        Guard.AllNonNegativeFinite(gramDiagonal, nameof(gramDiagonal));
        var v = new double[gramDiagonal.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = gramDiagonal[i] == 0 ? double.PositiveInfinity : sigmaY * sigmaY / gramDiagonal[i];
        }

        return v;
    }

    /// <summary>Diagonal of the inverse of a symmetric positive definite matrix, via Cholesky.</summary>
    internal static double[] DiagonalOfInverse(Matrix<double> spd, string parameterName)
    {
        int d = spd.RowCount;
        Matrix<double> factor;
        try
        {
            factor = spd.Cholesky().Factor;
        }
        catch (ArgumentException)
        {
            throw new ArgumentException("the posterior precision P is not positive definite.", parameterName);
        }

        // Row-major copy of L; solve L Z = I column by column (Z = L^-1 is lower triangular), then
        // (P^-1)_ii = sum_k Z_ki^2 because P^-1 = Z^T Z.
        double[] l = new double[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                l[r * d + c] = factor[r, c];
            }
        }

        var diagonal = new double[d];
        var z = new double[d];
        for (int col = 0; col < d; col++)
        {
            Array.Clear(z);
            z[col] = 1 / l[col * d + col];
            double sum = z[col] * z[col];
            for (int r = col + 1; r < d; r++)
            {
                double acc = 0;
                int row = r * d;
                for (int k = col; k < r; k++)
                {
                    acc += l[row + k] * z[k];
                }

                z[r] = -acc / l[row + r];
                sum += z[r] * z[r];
            }

            diagonal[col] = sum;
        }

        // Each entry is a sum of squares led by z_col^2 = 1/L_cc^2, and L_cc is at most about 1.3e154: never 0.
        return Representable(diagonal, parameterName);
    }

    // A posterior precision is at least I/sigma0^2, so its inverse's diagonal is at most sigma0^2 in exact arithmetic;
    // rounding in the factorisation of a P that is singular to double precision can still overflow it.
    private static double[] Representable(double[] diagonal, string parameterName)
    {
        foreach (double v in diagonal)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("the posterior precision P is singular to double precision: a diagonal entry of its inverse exceeds the double range.", parameterName);
            }
        }

        return diagonal;
    }

    internal static Matrix<double> PrecisionUnchecked(Matrix<double> gram, double sigmaY, double sigma0)
    {
        Matrix<double> p = gram / (sigmaY * sigmaY);
        double priorPrecision = 1 / (sigma0 * sigma0);
        for (int i = 0; i < p.RowCount; i++)
        {
            p[i, i] += priorPrecision;
        }

        return p;
    }

    private static void Validate(Matrix<double> gram, double sigmaY, double sigma0)
    {
        ArgumentNullException.ThrowIfNull(gram);
        Guard.StandardDeviation(sigmaY, nameof(sigmaY));
        Guard.StandardDeviation(sigma0, nameof(sigma0));
        if (gram.RowCount != gram.ColumnCount)
        {
            throw new ArgumentException($"gram must be square (got {gram.RowCount} x {gram.ColumnCount}).", nameof(gram));
        }

        for (int r = 0; r < gram.RowCount; r++)
        {
            for (int c = 0; c < gram.ColumnCount; c++)
            {
                if (!double.IsFinite(gram[r, c]))
                {
                    throw new ArgumentException($"gram[{r},{c}] must be finite.", nameof(gram));
                }
            }
        }
    }
}
