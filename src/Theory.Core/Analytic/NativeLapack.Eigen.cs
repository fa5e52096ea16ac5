using System.Runtime.InteropServices;

namespace Theory.Analytic;

/// <summary>
/// Eigenvalues, the generalised symmetric eigenproblem and the Lyapunov equation through LAPACKE (dsyevd, dgeev,
/// dsygvd, dgees, dtrsyl) and the system BLAS (cblas_dgemm), for <c>theory prune</c>'s n x n matrices. Every
/// matrix is row-major and n x n; inputs are copied, never overwritten.
/// </summary>
public static partial class NativeLapack
{
    private const string Blas = "libblas.so.3";
    private const int NoTranspose = 111;
    private const int Transpose = 112;

    /// <summary>Eigenvalues of a symmetric matrix (lower triangle read), ascending; with <paramref name="vectors"/> also its eigenvectors as the columns of a row-major matrix.</summary>
    public static double[] SymmetricEigen(double[] rowMajor, int n, out double[]? vectors, bool withVectors)
    {
        Check(rowMajor, n);
        double[] a = (double[])rowMajor.Clone();
        var w = new double[n];
        Ok(Dsyevd(RowMajor, (byte)(withVectors ? 'V' : 'N'), (byte)'L', n, a, n, w), "dsyevd");
        vectors = withVectors ? a : null;
        return w;
    }

    /// <summary>Eigenvalues of a general real matrix as (real parts, imaginary parts), in LAPACK's order.</summary>
    public static (double[] Real, double[] Imaginary) GeneralEigenvalues(double[] rowMajor, int n)
    {
        Check(rowMajor, n);
        double[] a = (double[])rowMajor.Clone();
        double[] wr = new double[n], wi = new double[n];
        double[] none = new double[1];
        Ok(Dgeev(RowMajor, (byte)'N', (byte)'N', n, a, n, wr, wi, none, 1, none, 1), "dgeev");
        return (wr, wi);
    }

    /// <summary>
    /// Eigenvalues mu of a x = mu b x with a symmetric and b symmetric positive definite (lower triangles read),
    /// ascending; null when b is not positive definite.
    /// </summary>
    public static double[]? GeneralizedSymmetricEigenvalues(double[] a, double[] b, int n)
    {
        Check(a, n);
        Check(b, n);
        double[] ac = (double[])a.Clone(), bc = (double[])b.Clone();
        var w = new double[n];
        int info = Dsygvd(RowMajor, 1, (byte)'N', (byte)'L', n, ac, n, bc, n, w);
        if (info > n)
        {
            return null; // b's Cholesky factorisation failed: not positive definite
        }

        Ok(info, "dsygvd");
        return w;
    }

    /// <summary>
    /// The solution C of A C + C A^T + Q = 0 by Bartels-Stewart: the real Schur form A = U T U^T (dgees), then
    /// T Y + Y T^T = -U^T Q U (dtrsyl), then C = U Y U^T. Exists and is unique when no two eigenvalues of A sum to 0,
    /// in particular for a stable A.
    /// </summary>
    public static double[] Lyapunov(double[] a, double[] q, int n)
    {
        Check(a, n);
        Check(q, n);
        double[] t = (double[])a.Clone();
        double[] u = new double[n * n], wr = new double[n], wi = new double[n];
        int sdim = 0;
        Ok(Dgees(RowMajor, (byte)'V', (byte)'N', IntPtr.Zero, n, t, n, ref sdim, wr, wi, u, n), "dgees");

        // rhs = -U^T Q U
        double[] qu = new double[n * n], rhs = new double[n * n];
        Dgemm(RowMajor, NoTranspose, NoTranspose, n, n, n, 1.0, q, n, u, n, 0.0, qu, n);
        Dgemm(RowMajor, Transpose, NoTranspose, n, n, n, -1.0, u, n, qu, n, 0.0, rhs, n);
        double scale = 1;
        Ok(Dtrsyl(RowMajor, (byte)'N', (byte)'T', 1, n, n, t, n, t, n, rhs, n, ref scale), "dtrsyl");

        // C = U (rhs / scale) U^T
        double[] yu = new double[n * n], c = new double[n * n];
        Dgemm(RowMajor, NoTranspose, Transpose, n, n, n, 1.0 / scale, rhs, n, u, n, 0.0, yu, n);
        Dgemm(RowMajor, NoTranspose, NoTranspose, n, n, n, 1.0, u, n, yu, n, 0.0, c, n);
        return c;
    }

    /// <summary>The inverse of a symmetric positive definite matrix (lower triangle read; dpotrf, dpotri), symmetric in full; null when it is not positive definite.</summary>
    public static double[]? InverseOfPositiveDefinite(double[] rowMajor, int n)
    {
        Check(rowMajor, n);
        double[] a = (double[])rowMajor.Clone();
        if (Dpotrf(RowMajor, (byte)'L', n, a, n) != 0 || Dpotri(RowMajor, (byte)'L', n, a, n) != 0)
        {
            return null;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                a[(i * n) + j] = a[(j * n) + i];
            }
        }

        return a;
    }

    /// <summary>The product a b of two row-major n x n matrices (cblas_dgemm).</summary>
    public static double[] Multiply(double[] a, double[] b, int n)
    {
        Check(a, n);
        Check(b, n);
        var c = new double[(long)n * n];
        Dgemm(RowMajor, NoTranspose, NoTranspose, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
        return c;
    }

    private static void Check(double[] matrix, int n)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!IsAvailable)
        {
            throw new InvalidOperationException("liblapacke.so.3 is not available (apt-get install liblapacke libopenblas0).");
        }

        if (n < 1 || matrix.Length != (long)n * n)
        {
            throw new ArgumentException($"matrix has {matrix.Length} entries, expected {(long)n * n}.", nameof(matrix));
        }
    }

    private static void Ok(int info, string routine)
    {
        if (info != 0)
        {
            throw new InvalidOperationException($"LAPACK {routine} failed (info {info}).");
        }
    }

    [DllImport(Library, EntryPoint = "LAPACKE_dsyevd")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dsyevd(int layout, byte jobz, byte uplo, int n, [In, Out] double[] a, int lda, [Out] double[] w);

    [DllImport(Library, EntryPoint = "LAPACKE_dgeev")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dgeev(int layout, byte jobvl, byte jobvr, int n, [In, Out] double[] a, int lda, [Out] double[] wr, [Out] double[] wi,
        [Out] double[] vl, int ldvl, [Out] double[] vr, int ldvr);

    [DllImport(Library, EntryPoint = "LAPACKE_dsygvd")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dsygvd(int layout, int itype, byte jobz, byte uplo, int n, [In, Out] double[] a, int lda, [In, Out] double[] b, int ldb, [Out] double[] w);

    [DllImport(Library, EntryPoint = "LAPACKE_dgees")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dgees(int layout, byte jobvs, byte sort, IntPtr select, int n, [In, Out] double[] a, int lda, ref int sdim,
        [Out] double[] wr, [Out] double[] wi, [Out] double[] vs, int ldvs);

    [DllImport(Library, EntryPoint = "LAPACKE_dtrsyl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dtrsyl(int layout, byte trana, byte tranb, int isgn, int m, int n, [In] double[] a, int lda, [In] double[] b, int ldb,
        [In, Out] double[] c, int ldc, ref double scale);

    [DllImport(Blas, EntryPoint = "cblas_dgemm")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, [In] double[] a, int lda, [In] double[] b, int ldb,
        double beta, [In, Out] double[] c, int ldc);
}
