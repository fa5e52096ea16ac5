namespace Theory.Training;

/// <summary>One row of the analytic-against-simulated slope table (THEORY.md sections 6 and 9): one mechanism, one layer.</summary>
public sealed record SlopeRow
{
    /// <summary>Mechanism name, or "rho=..." for a bare exponent.</summary>
    public required string Mechanism { get; init; }

    /// <summary>Layer index (0: the layer on the pixels).</summary>
    public required int Layer { get; init; }

    /// <summary>The layer's input width D.</summary>
    public required int LayerInputs { get; init; }

    /// <summary>The layer's output width K.</summary>
    public required int LayerOutputs { get; init; }

    /// <summary>Cost exponent.</summary>
    public required double Rho { get; init; }

    /// <summary>Test accuracy with mean weights.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Test accuracy with sampled weights.</summary>
    public required double AccuracySampled { get; init; }

    /// <summary>Predicted slope of ln sigma^2 against ln H: -2/(2+rho).</summary>
    public required double AnalyticSlope { get; init; }

    /// <summary>Fitted slope against ln H (exact Hessian).</summary>
    public required double SlopeHessian { get; init; }

    /// <summary>95% bootstrap interval of <see cref="SlopeHessian"/>.</summary>
    public required (double Low, double High) SlopeHessianCi { get; init; }

    /// <summary>Pearson r of ln sigma^2 and ln H.</summary>
    public required double RHessian { get; init; }

    /// <summary>Fitted slope against ln(N F / B) (empirical Fisher).</summary>
    public required double SlopeFisher { get; init; }

    /// <summary>95% bootstrap interval of <see cref="SlopeFisher"/>.</summary>
    public required (double Low, double High) SlopeFisherCi { get; init; }

    /// <summary>Pearson r of ln sigma^2 and ln(N F / B).</summary>
    public required double RFisher { get; init; }

    /// <summary>Predicted intercept (2/(2+rho)) ln(lambda s^rho).</summary>
    public required double AnalyticIntercept { get; init; }

    /// <summary>Fitted intercept against ln H.</summary>
    public required double InterceptHessian { get; init; }

    /// <summary>Fitted slope against ln(Adam's learning rate).</summary>
    public required double SlopeLearningRate { get; init; }

    /// <summary>Fitted slope against ln(1e-4 / mean|g|), the published code's learning-rate proxy (NaN if fewer than 3 weights have a gradient).</summary>
    public required double SlopeLearningRateProxy { get; init; }

    /// <summary>Predicted 4/(2+rho).</summary>
    public required double AnalyticSlopeLearningRate { get; init; }

    /// <summary>Fitted slope of ln sigma^2 against ln v, v the diagonal Laplace posterior variance.</summary>
    public required double SlopeLaplaceVariance { get; init; }

    /// <summary>Predicted 2/(2+rho) in the large-prior limit.</summary>
    public required double AnalyticSlopeLaplaceVariance { get; init; }

    /// <summary>Pearson r of ln sigma^2 and ln(input rate), over pixels ever active.</summary>
    public required double CorrelationInputRate { get; init; }

    /// <summary>Median of ln(sigma^2 / sigma*^2) with sigma* from the exact Hessian: 0 if the level holds.</summary>
    public required double Level { get; init; }

    /// <summary>Training epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Whether --converge stopped on the tolerance.</summary>
    public required bool Converged { get; init; }

    /// <summary>Systematic drift of ln sigma per epoch.</summary>
    public required double SigmaDrift { get; init; }

    /// <summary>90th percentile of |change of ln sigma| in the last epoch.</summary>
    public required double SigmaJitter { get; init; }

    /// <summary>"sample" or "local".</summary>
    public required string Estimator { get; init; }

    /// <summary>Weights in the Hessian fit.</summary>
    public required int Fitted { get; init; }

    /// <summary>Weights left out because H = 0 (unconstrained).</summary>
    public required int Unconstrained { get; init; }

    /// <summary>Presynaptic units never on in the training data (input rate 0).</summary>
    public required int SilentInputs { get; init; }

    /// <summary>Training seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>The seed of the training run (initialisation, shuffling and noise).</summary>
    public ulong Seed { get; init; }

    /// <summary>The layer's drift of ln sigma per epoch in each decile of H (index 0 the least important), over the last 5 epochs.</summary>
    public double[] DriftByDecile { get; init; } = [];

    /// <summary>The run's largest |decile drift| by Adam's importance proxy, on which <c>--converge</c> stops.</summary>
    public double WorstDecileDrift { get; init; } = double.NaN;

    /// <summary>The layer's drift of ln sigma per epoch, epoch by epoch (all weights, least important decile).</summary>
    public DriftCurve? DriftByEpoch { get; init; }

    /// <summary>Epochs of iterate averaging behind sigma^2 (0: the last epoch's sigma).</summary>
    public int AverageEpochs { get; init; }
}
