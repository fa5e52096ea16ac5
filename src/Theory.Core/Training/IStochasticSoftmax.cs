using Theory.Data;

namespace Theory.Training;

/// <summary>
/// The no-hidden-layer stochastic classifier as <see cref="SoftmaxExperiment"/> drives it, in double
/// (<see cref="StochasticSoftmax"/>, the hand-written SIMD kernels) or single precision
/// (<see cref="StochasticSoftmaxSingle"/>, TensorPrimitives). Parameters are flat: K*D weights, then K biases.
/// </summary>
public interface IStochasticSoftmax
{
    /// <summary>Total parameters per group (weights and biases).</summary>
    int Parameters { get; }

    /// <summary>The current means, as double.</summary>
    ReadOnlySpan<double> MeanValues { get; }

    /// <summary>The current sigma, as double.</summary>
    ReadOnlySpan<double> Sigma { get; }

    /// <summary>The last minibatch's gradient of mu, as double.</summary>
    ReadOnlySpan<double> MuGradient { get; }

    /// <summary>Computes one minibatch's gradients; returns the summed cross-entropy and the correct count.</summary>
    (double CrossEntropy, int Correct) ComputeGradients(ImageDataSet data, ReadOnlySpan<int> rows, int trainingSize);

    /// <summary>One Adam step with the last gradients.</summary>
    void AdamStep();

    /// <summary>Adam's per-parameter learning rate for mu.</summary>
    double[] MuLearningRates();

    /// <summary>Accuracy with the mean weights.</summary>
    double AccuracyWithMeanWeights(ImageDataSet data);

    /// <summary>Accuracy with one weight sample per minibatch.</summary>
    double AccuracyWithSampledWeights(ImageDataSet data, ulong seed);

    /// <summary>Exact Hessian diagonal of the data-summed cross-entropy at the means.</summary>
    double[] HessianDiagonal(ImageDataSet data);
}
