namespace Theory.Training;

/// <summary>How the gradient of the expected loss is obtained.</summary>
public enum GradientEstimator
{
    /// <summary>The exact expected loss of THEORY.md section 3 (trace term in closed form).</summary>
    Exact,

    /// <summary>One reparameterised weight sample w = mu + sigma eps per step, as a network would.</summary>
    MonteCarlo,
}
