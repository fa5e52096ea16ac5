namespace Theory;

/// <summary>
/// log1p and expm1 accurate to a few ulps (Kahan's tricks). .NET's double.LogP1 and double.ExpM1 are
/// computed as Log(1 + x) and Exp(x) - 1, which lose all digits for tiny x.
/// </summary>
internal static class Precise
{
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        // (u - 1) is exact; the ratio corrects the rounding of 1 + x.
        return Math.Log(u) * x / (u - 1);
    }

    public static double Expm1(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + x * x / 2 + x * x * x / 6;
        }

        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        if (um1 == -1)
        {
            return -1;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        return um1 * x / Math.Log(u);
    }
}
