namespace Theory.Stats;

/// <summary>Piecewise-linear interpolation on a sampled curve, for reading a sweep off at a point between its grid values.</summary>
public static class Interpolation
{
    /// <summary>
    /// y at <paramref name="at"/> on the polyline through (x_i, y_i) taken in increasing x (ties keep their first point);
    /// NaN outside [min x, max x] or when fewer than one point is finite.
    /// </summary>
    public static double Linear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double at)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values, y {y.Length}.", nameof(y));
        }

        (double X, double Y)[] points = [.. Points(x, y).OrderBy(p => p.X)];
        if (points.Length == 0 || !double.IsFinite(at) || at < points[0].X || at > points[^1].X)
        {
            return double.NaN;
        }

        for (int i = 0; i < points.Length - 1; i++)
        {
            (double x0, double y0) = points[i];
            (double x1, double y1) = points[i + 1];
            if (at <= x1)
            {
                return x1 == x0 ? y0 : y0 + ((y1 - y0) * (at - x0) / (x1 - x0));
            }
        }

        return points[^1].Y;
    }

    /// <summary>
    /// Where y, taken in the given order of x, first falls below <paramref name="level"/>: the x of the crossing
    /// interpolated linearly between the last point at or above it and the first below it. NaN when y never falls
    /// below it; negative infinity when the first point is already below.
    /// </summary>
    public static double FirstCrossingBelow(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double level)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values, y {y.Length}.", nameof(y));
        }

        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] < level)
            {
                return i == 0 ? double.NegativeInfinity : x[i - 1] + ((x[i] - x[i - 1]) * (y[i - 1] - level) / (y[i - 1] - y[i]));
            }
        }

        return double.NaN;
    }

    private static List<(double X, double Y)> Points(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var points = new List<(double, double)>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
            {
                points.Add((x[i], y[i]));
            }
        }

        return points;
    }
}
