namespace Theory.Training;

/// <summary>
/// What one training run of a stochastic network measured: run-wide figures here, per-weight arrays per layer in
/// <see cref="Layers"/>.
/// </summary>
public sealed record SoftmaxResult
{
    /// <summary>The settings used.</summary>
    public required SoftmaxTrainingOptions Options { get; init; }

    /// <summary>Training-set size N.</summary>
    public required int TrainingSize { get; init; }

    /// <summary>The network's layers.</summary>
    public required NetworkShape Shape { get; init; }

    /// <summary>What was measured in each layer, input layer first.</summary>
    public required LayerResult[] Layers { get; init; }

    /// <summary>Test accuracy with the mean weights.</summary>
    public required double AccuracyMean { get; init; }

    /// <summary>Test accuracy with one weight sample per test minibatch.</summary>
    public required double AccuracySampled { get; init; }

    /// <summary>Accuracy, NLL and 15-bin ECE on the test set with the same sampled weights as <see cref="AccuracySampled"/>.</summary>
    public required PredictiveScores Sampled { get; init; }

    /// <summary>Training epochs run.</summary>
    public required int Epochs { get; init; }

    /// <summary>Whether <see cref="SoftmaxTrainingOptions.Converge"/> stopped on the tolerance (false: hit the cap, or not converging).</summary>
    public required bool Converged { get; init; }

    /// <summary>Signed median over all weights of the change of ln sigma per epoch, averaged over the last 5 epochs (what --converge tests).</summary>
    public required double SigmaDrift { get; init; }

    /// <summary>
    /// The largest |median drift of ln sigma per epoch| over the deciles of importance at the end of training, the
    /// importance being Adam's second moment (the Fisher proxy available during training); <c>--converge</c> stops on it.
    /// </summary>
    public required double WorstDecileDrift { get; init; }

    /// <summary>Seconds spent training (wall clock; reported, never asserted).</summary>
    public required double Seconds { get; init; }

    /// <summary>Every parameter's mean after training (weights and biases, as <see cref="Shape"/> lays them out).</summary>
    public double[] NetworkMu { get; init; } = [];

    /// <summary>Every parameter's sigma after training (weights and biases, as <see cref="Shape"/> lays them out).</summary>
    public double[] NetworkSigma { get; init; } = [];
}

/// <summary>
/// What one layer of a trained network measured. Per-weight arrays cover the layer's K x D weights only (row-major,
/// output i and input j at i*D + j); biases are trained but not in the fits.
/// </summary>
public sealed record LayerResult
{
    /// <summary>Layer index, 0 for the layer on the pixels.</summary>
    public required int Layer { get; init; }

    /// <summary>Input width D.</summary>
    public required int Inputs { get; init; }

    /// <summary>Output width K.</summary>
    public required int Outputs { get; init; }

    /// <summary>Learned sigma^2 per weight.</summary>
    public required double[] SigmaSquared { get; init; }

    /// <summary>Learned mu per weight.</summary>
    public required double[] Mu { get; init; }

    /// <summary>Exact data-summed Hessian diagonal of the cross-entropy at the means.</summary>
    public required double[] Hessian { get; init; }

    /// <summary>Empirical Fisher F = mean over minibatches of g^2 (g the minibatch gradient of mu).</summary>
    public required double[] Fisher { get; init; }

    /// <summary>Mean over minibatches of |g|.</summary>
    public required double[] MeanAbsoluteGradient { get; init; }

    /// <summary>Adam's per-weight learning rate for mu at the end of training.</summary>
    public required double[] LearningRate { get; init; }

    /// <summary>Input rate of each weight's presynaptic unit (fraction of training examples on which it is on).</summary>
    public required double[] InputRate { get; init; }

    /// <summary>Mean |value| of each weight's presynaptic unit (normalised pixel, or activation).</summary>
    public required double[] MeanAbsoluteInput { get; init; }

    /// <summary>Presynaptic units never on in the training data (input rate 0): pixels always 0, or hidden units that never fire.</summary>
    public required int SilentInputs { get; init; }

    /// <summary>Signed median over this layer's weights of the change of ln sigma per epoch, over the last 5 epochs.</summary>
    public required double SigmaDrift { get; init; }

    /// <summary>90th percentile over this layer's weights of |change of ln sigma| in the last epoch (Adam's jitter).</summary>
    public required double SigmaJitter { get; init; }

    /// <summary>The drift of ln sigma per training epoch, over all of the layer's weights and over its least important decile.</summary>
    public required DriftCurve DriftByEpoch { get; init; }

    /// <summary>
    /// The drift of ln sigma per epoch over the last 5 epochs (as <see cref="SigmaDrift"/>) in each decile of the exact H
    /// (index 0 the least important tenth of the weights with H &gt; 0), so that a slow minority cannot hide in the median.
    /// </summary>
    public required double[] DriftByDecile { get; init; }

    /// <summary>Diagonal Laplace posterior variance v = 1/(H + prior precision) (THEORY.md section 6).</summary>
    public double[] LaplaceVariance(double priorPrecision) => [.. Hessian.Select(h => 1 / (h + priorPrecision))];

    /// <summary>The Fisher-based Hessian estimate N F / B (THEORY.md section 6).</summary>
    public double[] FisherHessian(int trainingSize, int batchSize) => [.. Fisher.Select(f => f * trainingSize / batchSize)];

    /// <summary>The published code's "learning rate" 1e-4 / mean|g| (THEORY.md section 6's caveat applies); infinite where g is always 0.</summary>
    public double[] LearningRateProxy() => [.. MeanAbsoluteGradient.Select(g => 1e-4 / g)];
}

/// <summary>
/// Per training epoch (index 0 is epoch 1), the median over weights of the change of ln sigma during that epoch:
/// over all the layer's weights, and over the tenth with the smallest positive exact Hessian.
/// </summary>
/// <param name="Median">Median change of ln sigma over all weights, per epoch.</param>
/// <param name="LowestDecile">Median change of ln sigma over the least important decile, per epoch.</param>
public sealed record DriftCurve(double[] Median, double[] LowestDecile);
