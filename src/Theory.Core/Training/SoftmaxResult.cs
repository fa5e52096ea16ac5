namespace Theory.Training;

/// <summary>
/// What one training run of the stochastic softmax classifier measured. Per-weight arrays cover the K x D
/// weights only (row-major, class k and pixel j at k*D + j); biases are trained but not in the fits.
/// </summary>
public sealed record SoftmaxResult
{
    /// <summary>The settings used.</summary>
    public required SoftmaxTrainingOptions Options { get; init; }

    /// <summary>Training-set size N.</summary>
    public required int TrainingSize { get; init; }

    /// <summary>Learned sigma^2 per weight.</summary>
    public required double[] SigmaSquared { get; init; }

    /// <summary>Learned mu per weight.</summary>
    public required double[] Mu { get; init; }

    /// <summary>Exact data-summed Hessian diagonal of the cross-entropy at mu.</summary>
    public required double[] Hessian { get; init; }

    /// <summary>Empirical Fisher F = mean over minibatches of g^2 (g the minibatch gradient of mu).</summary>
    public required double[] Fisher { get; init; }

    /// <summary>Mean over minibatches of |g|.</summary>
    public required double[] MeanAbsoluteGradient { get; init; }

    /// <summary>Adam's per-weight learning rate for mu at the end of training.</summary>
    public required double[] LearningRate { get; init; }

    /// <summary>Input rate of each weight's pixel (fraction of training images where it is non-zero).</summary>
    public required double[] InputRate { get; init; }

    /// <summary>Mean |x| of each weight's pixel (normalised inputs).</summary>
    public required double[] MeanAbsoluteInput { get; init; }

    /// <summary>Test accuracy with the mean weights.</summary>
    public required double AccuracyMean { get; init; }

    /// <summary>Test accuracy with one weight sample per test minibatch.</summary>
    public required double AccuracySampled { get; init; }

    /// <summary>Training epochs run.</summary>
    public required int Epochs { get; init; }

    /// <summary>Whether <see cref="SoftmaxTrainingOptions.Converge"/> stopped on the tolerance (false: hit the cap, or not converging).</summary>
    public required bool Converged { get; init; }

    /// <summary>Signed median over weights of the change of ln sigma per epoch, averaged over the last 5 epochs.</summary>
    public required double SigmaDrift { get; init; }

    /// <summary>90th percentile over weights of |change of ln sigma| in the last epoch (Adam's jitter).</summary>
    public required double SigmaJitter { get; init; }

    /// <summary>Seconds spent training (wall clock; reported, never asserted).</summary>
    public required double Seconds { get; init; }

    /// <summary>Diagonal Laplace posterior variance v = 1/(H + 1/sigma_0^2) (THEORY.md section 6).</summary>
    public double[] LaplaceVariance() => [.. Hessian.Select(h => 1 / (h + Options.PriorPrecision))];

    /// <summary>The Fisher-based Hessian estimate N F / B (THEORY.md section 6).</summary>
    public double[] FisherHessian() => [.. Fisher.Select(f => f * TrainingSize / Options.BatchSize)];
}
