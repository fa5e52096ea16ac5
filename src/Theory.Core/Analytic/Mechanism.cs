namespace Theory.Analytic;

/// <summary>
/// The four biophysical costs of synaptic reliability (THEORY.md section 1), each scaling as sigma^(-rho).
/// </summary>
public enum Mechanism
{
    /// <summary>Calcium efflux: cost ~ release odds^(1/4), rho = 1/2.</summary>
    Calcium,

    /// <summary>Vesicle membrane area n r^2: rho = 2/3.</summary>
    Membrane,

    /// <summary>Actin filament length n r: rho = 4/3.</summary>
    Actin,

    /// <summary>Vesicle trafficking, cost ~ n: rho = 2.</summary>
    Trafficking,
}
