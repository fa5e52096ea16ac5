using MathNet.Numerics.Distributions;

namespace Theory.Stats;

/// <summary>A correlation coefficient with its two-sided p-value against no correlation.</summary>
/// <param name="R">The coefficient.</param>
/// <param name="P">Two-sided p-value from t = r sqrt((n - 2)/(1 - r^2)) with n - 2 degrees of freedom.</param>
public readonly record struct Correlated(double R, double P);

/// <summary>
/// Pearson's and Spearman's correlation with p-values. Both p-values use Student's t with n - 2 degrees of freedom
/// (exact for Pearson's r under bivariate normality; for Spearman's, the usual large-sample approximation, which is
/// close to the exact permutation p from n of about 10 on).
/// </summary>
public static class RankCorrelation
{
    /// <summary>Pearson's r of x and y and its p-value. Range: at least 3 pairs, neither constant.</summary>
    public static Correlated Pearson(double[] x, double[] y)
    {
        Check(x, y);
        double r = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
        return new Correlated(r, PValue(r, x.Length));
    }

    /// <summary>Spearman's rank correlation (Pearson's r of the ranks, ties given their mean rank) and its p-value.</summary>
    public static Correlated Spearman(double[] x, double[] y)
    {
        Check(x, y);
        double r = MathNet.Numerics.Statistics.Correlation.Spearman(x, y);
        return new Correlated(r, PValue(r, x.Length));
    }

    /// <summary>Two-sided p of the t statistic of a correlation <paramref name="r"/> over <paramref name="n"/> pairs.</summary>
    public static double PValue(double r, int n)
    {
        if (n < 3)
        {
            throw new ArgumentException("a p-value needs at least 3 pairs.", nameof(n));
        }

        // A correlation computed in double may pass 1 by an ulp or two; anything further is not a correlation.
        if (!(Math.Abs(r) <= 1 + 1e-12))
        {
            throw new ArgumentException($"r must lie in [-1, 1] (got {Guard.Format(r)}).", nameof(r));
        }

        if (Math.Abs(r) >= 1)
        {
            return 0;
        }

        double t = Math.Abs(r) * Math.Sqrt((n - 2) / (1 - (r * r)));
        return 2 * StudentT.CDF(0, 1, n - 2, -t);
    }

    private static void Check(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"y has length {y.Length}, expected {x.Length}.", nameof(y));
        }

        if (x.Length < 3)
        {
            throw new ArgumentException("a correlation with a p-value needs at least 3 pairs.", nameof(x));
        }

        Guard.AllFinite(x, nameof(x));
        Guard.AllFinite(y, nameof(y));
        if (x.Min() == x.Max() || y.Min() == y.Max())
        {
            throw new ArgumentException("a constant variable has no correlation.", nameof(x));
        }
    }
}
