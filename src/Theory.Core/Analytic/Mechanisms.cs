namespace Theory.Analytic;

/// <summary>Exponents and names of the biophysical mechanisms of THEORY.md section 1.</summary>
public static class Mechanisms
{
    /// <summary>All four mechanisms in increasing rho.</summary>
    public static IReadOnlyList<Mechanism> All { get; } =
        [Mechanism.Calcium, Mechanism.Membrane, Mechanism.Actin, Mechanism.Trafficking];

    /// <summary>The cost exponent rho: cost ~ sigma^(-rho). Proof of each: proofs/Scalings.v.</summary>
    public static double Rho(this Mechanism mechanism) => mechanism switch
    {
        Mechanism.Calcium => 0.5,
        Mechanism.Membrane => 2.0 / 3.0,
        Mechanism.Actin => 4.0 / 3.0,
        Mechanism.Trafficking => 2.0,
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism), mechanism, "unknown mechanism"),
    };

    /// <summary>Lower-case name used on the command line and in tables.</summary>
    public static string Name(this Mechanism mechanism) => mechanism.ToString().ToLowerInvariant();

    /// <summary>Parses a mechanism name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of calcium, membrane, actin, trafficking.</exception>
    public static Mechanism Parse(string name)
    {
        foreach (Mechanism m in All)
        {
            if (string.Equals(m.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return m;
            }
        }

        throw new ArgumentException(
            $"unknown mechanism '{name}' (expected calcium, membrane, actin or trafficking).", nameof(name));
    }
}
