namespace Theory.Training;

/// <summary>sigma = softplus(phi) = ln(1 + e^phi), the published code's positive parameterisation of the noise.</summary>
public static class Softplus
{
    /// <summary>softplus(phi), stable for any finite phi.</summary>
    public static double Value(double phi) => Math.Max(phi, 0) + Precise.Log1p(Math.Exp(-Math.Abs(phi)));

    /// <summary>d softplus / d phi = logistic(phi).</summary>
    public static double Derivative(double phi) => 1 / (1 + Math.Exp(-phi));

    /// <summary>The phi with softplus(phi) = sigma: ln(e^sigma - 1). Range: sigma &gt; 0.</summary>
    public static double Inverse(double sigma)
    {
        Guard.PositiveFinite(sigma, nameof(sigma));
        // For large sigma, ln(e^sigma - 1) = sigma + ln(1 - e^-sigma).
        return sigma > 30 ? sigma + Precise.Log1p(-Math.Exp(-sigma)) : Math.Log(Precise.Expm1(sigma));
    }
}
