using FsCheck;
using FsCheck.Fluent;

namespace Theory.Tests;

/// <summary>Generators of finite values over decades (log-uniform) or intervals (uniform).</summary>
internal static class Ranges
{
    private const int Resolution = 1 << 30;

    public static Gen<double> LogUniform(double low, double high)
    {
        double a = Math.Log(low), b = Math.Log(high);
        return Gen.Choose(0, Resolution).Select(k => Math.Exp(a + (b - a) * k / Resolution));
    }

    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, Resolution).Select(k => low + (high - low) * k / Resolution);

    /// <summary>rho in [0.05, 5], s and lambda over 6 decades, importance A_ii over 12 decades (issue 2).</summary>
    public static Gen<(double Rho, double S, double Lambda, double Importance)> NoiseProblem =>
        from rho in LogUniform(0.05, 5)
        from s in LogUniform(1e-6, 1)
        from lambda in LogUniform(1e-3, 1e3)
        from importance in LogUniform(1e-6, 1e6)
        select (rho, s, lambda, importance);
}
