using System.Numerics;

namespace Theory.Pruning;

/// <summary>
/// How well a pruned A keeps the full A's spectrum: per-mode relative eigenvalue errors (modes matched by rank: for
/// a symmetric A by value, else by real part, the slowest first), the slowest mode's error and eigenvector alignment,
/// and the quadratic-form bound eps = max over z of |z^T (-A_p) z / z^T (-A) z - 1|, the extreme generalised
/// eigenvalues of the pair (for an asymmetric A, of the symmetric parts, where the quadratic form lives).
/// </summary>
public sealed class SpectralCheck
{
    private readonly int _n;
    private readonly bool _symmetric;
    private readonly bool _native;
    private readonly double[] _minusSymmetricPart;

    /// <summary>Analyses the full network's A once.</summary>
    public SpectralCheck(double[] a, int n, bool symmetric, bool native)
    {
        ArgumentNullException.ThrowIfNull(a);
        _n = n;
        _symmetric = symmetric;
        _native = native;
        (Eigenvalues, SlowestVector) = Spectrum(a, withVector: symmetric);
        _minusSymmetricPart = MinusSymmetricPart(a, n);
    }

    /// <summary>The full A's eigenvalues, slowest (largest real part) first.</summary>
    public Complex[] Eigenvalues { get; }

    /// <summary>The slowest mode's eigenvector (symmetric A only).</summary>
    public double[]? SlowestVector { get; }

    /// <summary>Compares a pruned A with the full one.</summary>
    public Comparison Compare(double[] pruned)
    {
        ArgumentNullException.ThrowIfNull(pruned);
        (Complex[] values, double[]? vector) = Spectrum(pruned, withVector: _symmetric);
        var errors = new double[_n];
        for (int k = 0; k < _n; k++)
        {
            errors[k] = Complex.Abs(values[k] - Eigenvalues[k]) / Complex.Abs(Eigenvalues[k]);
        }

        double alignment = double.NaN;
        if (vector is not null && SlowestVector is not null)
        {
            double dot = 0;
            for (int i = 0; i < _n; i++)
            {
                dot += vector[i] * SlowestVector[i];
            }

            alignment = Math.Abs(dot);
        }

        double[]? mu = DenseAlgebra.GeneralizedSymmetricEigenvalues(MinusSymmetricPart(pruned, _n), _minusSymmetricPart, _n, _native);
        double eps = mu is null ? double.NaN : Math.Max(Math.Abs(mu[0] - 1), Math.Abs(mu[^1] - 1));
        double[] sorted = [.. errors.Order()];
        return new Comparison(values, errors, Quantile(sorted, 0.5), Quantile(sorted, 0.95), sorted[^1], errors[0], alignment, eps,
            mu is null ? double.NaN : mu[0], mu is null ? double.NaN : mu[^1], values[0].Real < 0);
    }

    /// <summary>Linear interpolation between order statistics (R's type 7) of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private (Complex[] Values, double[]? SlowestVector) Spectrum(double[] a, bool withVector)
    {
        if (_symmetric)
        {
            double[] ascending = DenseAlgebra.SymmetricEigen(a, _n, withVector, out double[]? vectors, _native);
            Complex[] values = [.. ascending.Reverse().Select(v => new Complex(v, 0))];
            double[]? slowest = null;
            if (vectors is not null)
            {
                slowest = new double[_n];
                for (int i = 0; i < _n; i++)
                {
                    slowest[i] = vectors[(i * _n) + _n - 1];
                }
            }

            return (values, slowest);
        }

        return ([.. DenseAlgebra.GeneralEigenvalues(a, _n, _native).OrderByDescending(v => v.Real).ThenByDescending(v => v.Imaginary)], null);
    }

    private static double[] MinusSymmetricPart(double[] a, int n)
    {
        var s = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s[(i * n) + j] = -0.5 * (a[(i * n) + j] + a[(j * n) + i]);
            }
        }

        return s;
    }

    /// <summary>One pruned network against the full one.</summary>
    /// <param name="Eigenvalues">The pruned A's eigenvalues, slowest first.</param>
    /// <param name="Errors">|lambda_k(pruned) - lambda_k| / |lambda_k| per mode, slowest first.</param>
    /// <param name="Median">Median of the errors.</param>
    /// <param name="Percentile95">95th percentile of the errors.</param>
    /// <param name="Worst">Largest error.</param>
    /// <param name="Slowest">The slowest mode's error.</param>
    /// <param name="Alignment">|cos| between the two slowest eigenvectors (NaN for an asymmetric A).</param>
    /// <param name="Epsilon">max |mu - 1| over the generalised eigenvalues mu (NaN when -A's symmetric part is not positive definite).</param>
    /// <param name="MuMin">Smallest mu.</param>
    /// <param name="MuMax">Largest mu.</param>
    /// <param name="Stable">Whether the pruned A is stable.</param>
    public sealed record Comparison(Complex[] Eigenvalues, double[] Errors, double Median, double Percentile95, double Worst, double Slowest, double Alignment,
        double Epsilon, double MuMin, double MuMax, bool Stable);
}
