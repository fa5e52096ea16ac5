namespace Theory;

/// <summary>Parameter checks for the public boundary; internals trust their inputs.</summary>
internal static class Guard
{
    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} must be positive and finite (got {Format(value)}).", name);
        }
    }

    /// <summary>A standard deviation whose variance and precision (1/variance) are both normal doubles.</summary>
    public static void StandardDeviation(double value, string name)
    {
        PositiveFinite(value, name);
        if (!double.IsNormal(value * value))
        {
            throw new ArgumentException(
                $"{name} must lie between about 1e-154 and 1e154, where its square and the square's inverse are finite (got {Format(value)}).", name);
        }
    }

    public static void NonNegativeFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} must be non-negative and finite (got {Format(value)}).", name);
        }
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be finite (got {Format(value)}).", name);
        }
    }

    public static void AllNonNegativeFinite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= 0) || double.IsInfinity(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] must be non-negative and finite (got {Format(values[i])}).", name);
            }
        }
    }

    public static void AllFinite(ReadOnlySpan<double> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] must be finite (got {Format(values[i])}).", name);
            }
        }
    }

    /// <summary>
    /// Refuses a reliability cost lambda (s/sigma)^rho past e^<paramref name="logLimit"/> at the starting sigma: every
    /// reliability gradient would overflow and training could only diverge. Compared in logs, so nothing overflows here.
    /// </summary>
    public static void ReliabilityCostInRange(double lambda, double rho, double s, double sigma, double logLimit, string precision, string remedy)
    {
        double logCost = Math.Log(lambda) + (rho * Math.Log(s / sigma));
        if (logCost > logLimit)
        {
            throw new ArgumentException(
                $"lambda (s/sigma)^rho is e^{logCost.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} at the starting sigma {Format(sigma)}, " +
                $"past {precision}'s range (e^{logLimit}); {remedy}.", nameof(rho));
        }
    }

    public static void SameLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"{name} has length {actual}, expected {expected}.", name);
        }
    }

    /// <summary>
    /// A user's text as a message echoes it: control characters shown as '?', and at most 60 characters (longer text
    /// cut with "..."), so that an error stays one readable line whatever the input held.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string clean = new([.. text.Take(61).Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length <= 60 ? clean : clean[..57] + "...";
    }

    /// <summary>A double as round-trip text, invariant culture.</summary>
    public static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
