namespace Theory.Stats;

/// <summary>An ordinary least-squares line y = intercept + slope x with Pearson's r.</summary>
/// <param name="Slope">Fitted slope.</param>
/// <param name="Intercept">Fitted intercept.</param>
/// <param name="R">Pearson correlation of x and y.</param>
/// <param name="Count">Number of points fitted.</param>
public readonly record struct LinearFit(double Slope, double Intercept, double R, int Count)
{
    /// <summary>Fits y on x. Range: at least 2 points, x not constant, all finite.</summary>
    public static LinearFit Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"y has length {y.Length}, expected {x.Length}.", nameof(y));
        }

        if (x.Length < 2)
        {
            throw new ArgumentException("a fit needs at least 2 points.", nameof(x));
        }

        Guard.AllFinite(x, nameof(x));
        Guard.AllFinite(y, nameof(y));
        LinearFit fit = OfUnchecked(x, y);
        if (double.IsNaN(fit.Slope))
        {
            throw new ArgumentException("x is constant: the slope is undefined.", nameof(x));
        }

        return fit;
    }

    internal static LinearFit OfUnchecked(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        double slope = sxx > 0 ? sxy / sxx : double.NaN;
        double r = sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
        return new LinearFit(slope, my - slope * mx, r, n);
    }
}
