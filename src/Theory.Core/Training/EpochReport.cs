namespace Theory.Training;

/// <summary>Progress after one epoch.</summary>
/// <param name="Phase">"train" or "fisher".</param>
/// <param name="Epoch">1-based epoch within the phase.</param>
/// <param name="PlannedEpochs">Epochs planned for the phase (the maximum when converging).</param>
/// <param name="MeanCrossEntropy">Mean cross-entropy per example over the epoch (sampled weights).</param>
/// <param name="TrainAccuracy">Fraction of training examples classified correctly by the sampled logits.</param>
/// <param name="Drift">Systematic drift of ln sigma per epoch so far (NaN before 5 epochs).</param>
public readonly record struct EpochReport(string Phase, int Epoch, int PlannedEpochs, double MeanCrossEntropy, double TrainAccuracy, double Drift);
