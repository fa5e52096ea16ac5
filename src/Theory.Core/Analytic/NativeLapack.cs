using System.Runtime.InteropServices;

namespace Theory.Analytic;

/// <summary>
/// Cholesky factorisation and inversion through the system's LAPACKE (Debian's liblapacke with OpenBLAS:
/// dpotrf, dpotri). MathNet's own native provider needs a glue library no package ships, so this calls
/// LAPACKE directly. <see cref="IsAvailable"/> says whether the library loaded; callers fall back to the
/// managed path otherwise.
/// </summary>
public static partial class NativeLapack
{
    private const string Library = "liblapacke.so.3";
    private const int RowMajor = 101;

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        if (Environment.GetEnvironmentVariable("THEORY_NO_NATIVE_LAPACK") == "1")
        {
            return false;
        }

        try
        {
            // A 1 x 1 factorisation proves the symbols resolve, not just that the file exists.
            double[] a = [4.0];
            return Dpotrf(RowMajor, (byte)'L', 1, a, 1) == 0 && a[0] == 2.0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    });

    /// <summary>Whether liblapacke.so.3 loaded (set THEORY_NO_NATIVE_LAPACK=1 to force the managed path).</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// Diagonal of the inverse of a symmetric positive definite matrix given row-major (only the lower
    /// triangle is read): dpotrf then dpotri. Returns null when the matrix is not positive definite.
    /// </summary>
    /// <exception cref="InvalidOperationException">The library is not available.</exception>
    public static double[]? DiagonalOfInverse(double[] rowMajor, int n)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        if (!IsAvailable)
        {
            throw new InvalidOperationException("liblapacke.so.3 is not available (apt-get install liblapacke libopenblas0).");
        }

        if (rowMajor.Length != n * n)
        {
            throw new ArgumentException($"matrix has {rowMajor.Length} entries, expected {n * n}.", nameof(rowMajor));
        }

        double[] a = (double[])rowMajor.Clone();
        if (Dpotrf(RowMajor, (byte)'L', n, a, n) != 0 || Dpotri(RowMajor, (byte)'L', n, a, n) != 0)
        {
            return null;
        }

        var diagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            diagonal[i] = a[i * n + i];
        }

        return diagonal;
    }

    [DllImport(Library, EntryPoint = "LAPACKE_dpotrf")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dpotrf(int layout, byte uplo, int n, [In, Out] double[] a, int lda);

    [DllImport(Library, EntryPoint = "LAPACKE_dpotri")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Dpotri(int layout, byte uplo, int n, [In, Out] double[] a, int lda);
}
