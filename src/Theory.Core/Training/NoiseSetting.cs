namespace Theory.Training;

/// <summary>Who gets a noise level of its own (THEORY.md section 10).</summary>
public enum NoiseSetting
{
    /// <summary>Every weight and bias has its own sigma_i (sections 2-3; what `theory slopes` trains).</summary>
    Heterogeneous,

    /// <summary>
    /// One sigma shared by every weight and bias of the network, paying n (1/rho)(s/sigma)^rho for its n parameters:
    /// the published code's homogeneous baseline. Its gradient is the sum of the per-parameter gradients.
    /// </summary>
    Homogeneous,
}
