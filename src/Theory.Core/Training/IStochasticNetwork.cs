using Theory.Data;

namespace Theory.Training;

/// <summary>
/// A stochastic network as <see cref="SoftmaxExperiment"/> drives it, whatever its precision
/// (<see cref="StochasticNetwork{T}"/> over double or float). Parameters are flat, as <see cref="Shape"/> lays them out.
/// </summary>
public interface IStochasticNetwork
{
    /// <summary>The layers and where their parameters sit.</summary>
    NetworkShape Shape { get; }

    /// <summary>Total parameters per group (weights and biases of every layer).</summary>
    int Parameters { get; }

    /// <summary>The current means, as double.</summary>
    ReadOnlySpan<double> MeanValues { get; }

    /// <summary>The current sigma, as double.</summary>
    ReadOnlySpan<double> Sigma { get; }

    /// <summary>The last minibatch's gradient of mu, as double.</summary>
    ReadOnlySpan<double> MuGradient { get; }

    /// <summary>
    /// Computes the gradients of one minibatch's loss (rows <paramref name="rows"/> of <paramref name="data"/>, out of a
    /// training set of <paramref name="trainingSize"/>); returns the summed cross-entropy and the number classified
    /// correctly by the sampled network.
    /// </summary>
    (double CrossEntropy, int Correct) ComputeGradients(ImageDataSet data, ReadOnlySpan<int> rows, int trainingSize);

    /// <summary>Sets every mean and sigma (phi = softplus^-1(sigma)), as a network read from a file.</summary>
    void SetParameters(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma);

    /// <summary>
    /// Whether the gradients include the reliability cost (on at the start; the training loop turns it off for
    /// <see cref="SoftmaxTrainingOptions.CostFreeEpochs"/>). <see cref="Costs"/> reports the cost either way.
    /// </summary>
    bool ReliabilityCostOn { get; set; }

    /// <summary>One Adam step of mu and phi with the last gradients.</summary>
    void AdamStep();

    /// <summary>Adam's per-parameter learning rate for mu, lr / (sqrt(vhat) + eps).</summary>
    double[] MuLearningRates();

    /// <summary>Reliability and magnitude costs of the whole network: lambda sum (1/rho)(s/sigma)^rho and kappa sum |mu|.</summary>
    (double Reliability, double Magnitude) Costs();
}
