namespace Theory.Kernels;

/// <summary>Scalars of one Adam step; c1 and c2 are the bias corrections 1/(1 - beta^t).</summary>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Epsilon">Denominator floor.</param>
/// <param name="LearningRate">Step size.</param>
/// <param name="C1">1 / (1 - beta1^t).</param>
/// <param name="C2">1 / (1 - beta2^t).</param>
public readonly record struct AdamCoefficients(
    double Beta1, double Beta2, double Epsilon, double LearningRate, double C1, double C2);
