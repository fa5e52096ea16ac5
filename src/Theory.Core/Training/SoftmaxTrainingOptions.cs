namespace Theory.Training;

/// <summary>What the network minimises besides the data term (THEORY.md sections 2 and 11).</summary>
public enum TrainingObjective
{
    /// <summary>The energy-efficient synapse: reliability cost lambda sum (1/rho)(s/sigma)^rho and magnitude cost kappa sum |mu|.</summary>
    EnergyEfficient,

    /// <summary>
    /// Mean-field variational Bayes (Bayes by backprop): KL(q || p) with the Gaussian prior N(0, sigma_0^2) on every weight
    /// and bias (sigma_0 from <see cref="SoftmaxTrainingOptions.PriorSigma"/>), in place of both costs.
    /// </summary>
    Variational,
}

/// <summary>How the data term's gradient is estimated in the softmax classifier.</summary>
public enum WeightEstimator
{
    /// <summary>One reparameterised weight sample per minibatch, shared by the batch (the published code).</summary>
    Sample,

    /// <summary>
    /// The local reparameterisation trick (Kingma, Salimans and Welling 2015): each example's logits drawn from
    /// N(mu x + b, sum_j sigma_kj^2 x_j^2 + sigma_b^2). Same expected objective, far less gradient noise.
    /// </summary>
    Local,
}

/// <summary>
/// Settings of a stochastic network's training run (THEORY.md sections 2, 6 and 9). Defaults are the published
/// code's; with no hidden layer the network is section 6's softmax classifier.
/// </summary>
/// <param name="Rho">Cost exponent rho &gt; 0.</param>
/// <param name="S">Reliability scale s.</param>
/// <param name="Lambda">Reliability weight lambda.</param>
/// <param name="Kappa">L1 magnitude weight kappa.</param>
/// <param name="BatchSize">Minibatch size B.</param>
/// <param name="LearningRate">Adam learning rate of mu.</param>
/// <param name="LearningRateSigma">Adam learning rate of phi; null means <paramref name="LearningRate"/>.</param>
/// <param name="Epochs">Training epochs (the minimum when converging).</param>
/// <param name="Converge">Keep training until the systematic drift of ln sigma falls below <paramref name="Tolerance"/>.</param>
/// <param name="MaxEpochs">Upper bound on epochs when converging.</param>
/// <param name="Tolerance">Drift tolerance per epoch for <paramref name="Converge"/>.</param>
/// <param name="FisherEpochs">Epochs of squared-gradient accumulation after training, without stepping.</param>
/// <param name="InitialSigma">sigma at the start (phi = softplus^-1 of it).</param>
/// <param name="InitialMuRange">mu ~ U(-range, range) at the start.</param>
/// <param name="Estimator">Gradient estimator of the data term.</param>
/// <param name="Seed">Seed of initialisation, shuffling and sampling.</param>
/// <param name="SinglePrecision">Train in float (float kernels) instead of double.</param>
/// <param name="PriorSigma">Prior standard deviation sigma_0 of the diagonal Laplace posterior
/// v = 1/(H + 1/sigma_0^2); null takes sqrt(2)/kappa, the standard deviation of the Laplace prior that the
/// L1 cost kappa |mu| stands for (no prior term when kappa = 0).</param>
/// <param name="Hidden">Widths of the hidden layers (THEORY.md section 9); null or empty: the no-hidden-layer classifier.</param>
/// <param name="Layout">Where the nonlinearities sit: the paper's text, or the published code's arrangement.</param>
/// <param name="Threads">Threads inside one run (they split each minibatch's work; the bits do not depend on them).</param>
/// <param name="AverageEpochs">Iterate averaging (Polyak-Ruppert): report sigma^2 = exp(mean of ln sigma^2 over the last this
/// many training epochs) per weight instead of the last epoch's; 0 (the default) reports the last epoch's.</param>
/// <param name="Setting">A sigma per weight and bias (heterogeneous, the default) or one sigma shared by all of them.</param>
/// <param name="Objective">The energy-efficient costs (the default) or variational Bayes's KL to the prior N(0, sigma_0^2).</param>
/// <param name="DataScale">Weight D of the minibatch's summed cross-entropy in the loss (1, the default, is THEORY.md section 2's and
/// the published sims-fig*.py scripts'; the authors' network.py and tradeoff.py use 10). Adam is nearly invariant to the loss's
/// scale, so D behaves much as lambda / D and kappa / D would.</param>
/// <param name="CommittedHomogeneous">The homogeneous setting as the authors' sims-fig2and3.py computes it: every parameter keeps its
/// own phi, the forward pass uses sigma_bar = sqrt(mean sigma_i^2), and the cost n c sigma_bar^-rho is paid on top of each
/// sigma_i's own c sigma_i^-rho. Off (the default): one shared phi paying THEORY.md section 10's n c sigma^-rho.</param>
/// <param name="InitialBiasSigma">sigma of every bias at the start; null (the default) takes <paramref name="InitialSigma"/>. The authors'
/// code started it at 1e-2 "before january" (a comment in their figure2and3.py); heterogeneous setting only.</param>
/// <param name="CostOnBiases">The reliability cost is paid on the biases as well as the weights (the default, as the published code
/// does); false: on the weights only.</param>
/// <param name="CostFreeEpochs">The last this many training epochs run without the reliability cost (the L1 cost and the noise stay
/// on), as the authors' May-2023 figure2and3.py does in its epochs 1000-1099; 0 (the default): every epoch pays it.</param>
public sealed record SoftmaxTrainingOptions(
    double Rho,
    double S = 1e-3,
    double Lambda = 1.0,
    double Kappa = 0.01,
    int BatchSize = 20,
    double LearningRate = 1e-4,
    double? LearningRateSigma = null,
    int Epochs = 50,
    bool Converge = false,
    int MaxEpochs = 400,
    double Tolerance = 1e-3,
    int FisherEpochs = 10,
    double InitialSigma = 1e-4,
    double InitialMuRange = 0.1,
    WeightEstimator Estimator = WeightEstimator.Sample,
    ulong Seed = 1,
    bool SinglePrecision = false,
    double? PriorSigma = null,
    int[]? Hidden = null,
    NetworkLayout Layout = NetworkLayout.Text,
    int Threads = 1,
    int AverageEpochs = 0,
    NoiseSetting Setting = NoiseSetting.Heterogeneous,
    TrainingObjective Objective = TrainingObjective.EnergyEfficient,
    double DataScale = 1.0,
    bool CommittedHomogeneous = false,
    double? InitialBiasSigma = null,
    bool CostOnBiases = true,
    int CostFreeEpochs = 0)
{
    // Adam's step is about the learning rate: below 1e-12 nothing moves in any run the project can afford, and near the
    // smallest double its products underflow to a non-finite phi; above 1e6 every run diverges (which a run below it
    // that diverges reports as such).
    private static void InRange(double value, double low, double high, string name)
    {
        if (!(value >= low && value <= high))
        {
            throw new ArgumentException($"{name} must be from {Guard.Format(low)} to {Guard.Format(high)} (got {Guard.Format(value)}).", name);
        }
    }

    /// <summary>1/sigma_0^2 of the diagonal Laplace posterior (kappa^2/2 by default).</summary>
    public double PriorPrecision => PriorSigma is { } ps ? 1 / (ps * ps) : Kappa * Kappa / 2;

    /// <summary>Checks every setting; throws an ArgumentException naming the first bad one.</summary>
    public void Validate()
    {
        Guard.PositiveFinite(Rho, "rho");
        Guard.PositiveFinite(S, "s");
        Guard.PositiveFinite(Lambda, "lambda");
        Guard.NonNegativeFinite(Kappa, "kappa");
        Guard.PositiveFinite(LearningRate, "lr");
        InRange(LearningRate, 1e-12, 1e6, "lr");
        if (LearningRateSigma is { } lrs)
        {
            Guard.PositiveFinite(lrs, "lr-sigma");
            InRange(lrs, 1e-12, 1e6, "lr-sigma");
        }

        Guard.PositiveFinite(InitialSigma, "sigma-init");
        const double SmallestNormalFloat = 1.1754943508222875e-38; // 2^-126
        if (SinglePrecision && InitialSigma < SmallestNormalFloat)
        {
            throw new ArgumentException(
                $"sigma-init must be at least {Guard.Format(SmallestNormalFloat)} in single precision (got {Guard.Format(InitialSigma)}).", "sigma-init");
        }

        Guard.ReliabilityCostInRange(Lambda, Rho, S, InitialSigma, SinglePrecision ? 88 : 709, SinglePrecision ? "float" : "double",
            "raise sigma-init or lower rho, s or lambda");

        if (InitialBiasSigma is { } bias)
        {
            Guard.PositiveFinite(bias, "bias-sigma-init");
            if (SinglePrecision && bias < SmallestNormalFloat)
            {
                throw new ArgumentException(
                    $"bias-sigma-init must be at least {Guard.Format(SmallestNormalFloat)} in single precision (got {Guard.Format(bias)}).", "bias-sigma-init");
            }

            Guard.ReliabilityCostInRange(Lambda, Rho, S, bias, SinglePrecision ? 88 : 709, SinglePrecision ? "float" : "double",
                "raise bias-sigma-init or lower rho, s or lambda");
            if (Setting == NoiseSetting.Homogeneous && bias != InitialSigma)
            {
                throw new ArgumentException("bias-sigma-init goes with the heterogeneous setting only: the homogeneous network has one sigma for weights and biases.", "bias-sigma-init");
            }
        }

        if (CostFreeEpochs < 0 || CostFreeEpochs > Epochs)
        {
            throw new ArgumentException($"cost-free-epochs must be from 0 to epochs ({Epochs}) (got {CostFreeEpochs}).", "cost-free-epochs");
        }

        if (CostFreeEpochs > 0 && Converge)
        {
            throw new ArgumentException("cost-free-epochs needs a fixed number of epochs; it does not go with converge.", "cost-free-epochs");
        }

        if (CostFreeEpochs > 0 && Setting == NoiseSetting.Homogeneous)
        {
            throw new ArgumentException("cost-free-epochs goes with the heterogeneous setting only (the authors' script keeps the homogeneous network's shared cost in those epochs).", "cost-free-epochs");
        }

        Guard.PositiveFinite(InitialMuRange, "mu-range");
        Guard.PositiveFinite(DataScale, "data-scale");
        Guard.PositiveFinite(Tolerance, "tol");
        if (PriorSigma is { } ps)
        {
            Guard.PositiveFinite(ps, "prior-sigma");
        }

        // An infinite prior precision would make every Laplace variance 0 and its logarithm -infinity.
        if (!double.IsFinite(PriorPrecision))
        {
            throw PriorSigma is null
                ? new ArgumentException(
                    $"kappa^2/2, the default prior precision of the Laplace posterior, overflows at kappa {Guard.Format(Kappa)}; lower kappa or give prior-sigma.", "kappa")
                : new ArgumentException(
                    $"prior-sigma is so small that 1/prior-sigma^2 overflows (got {Guard.Format(PriorSigma.Value)}); it must be at least about 1e-154.", "prior-sigma");
        }

        if (Objective == TrainingObjective.Variational && CommittedHomogeneous)
        {
            throw new ArgumentException("the committed homogeneous setting adds the energy-efficient costs; it has no variational form.", "homogeneous");
        }

        if (Objective == TrainingObjective.Variational && !(PriorPrecision > 0))
        {
            throw new ArgumentException("variational Bayes needs a proper prior: give prior-sigma, or kappa > 0 for its default sqrt(2)/kappa.", "prior-sigma");
        }

        if (BatchSize < 1 || BatchSize > 100_000)
        {
            throw new ArgumentException($"batch must be from 1 to 100000 (got {BatchSize}).", "batch");
        }

        if (Epochs < 1)
        {
            throw new ArgumentException($"epochs must be at least 1 (got {Epochs}).", "epochs");
        }

        if (Converge && MaxEpochs < Epochs)
        {
            throw new ArgumentException($"max-epochs ({MaxEpochs}) must be at least epochs ({Epochs}).", "max-epochs");
        }

        if (Hidden is { } hidden && hidden.Any(h => h < 1))
        {
            throw new ArgumentException($"hidden layer widths must be at least 1 (got {string.Join(",", hidden)}).", "hidden");
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"threads must be at least 1 (got {Threads}).", "threads");
        }

        if (AverageEpochs < 0 || AverageEpochs > Epochs)
        {
            throw new ArgumentException($"average must be from 0 to epochs ({Epochs}) (got {AverageEpochs}).", "average");
        }

        if (FisherEpochs < 1)
        {
            throw new ArgumentException($"fisher-epochs must be at least 1 (got {FisherEpochs}).", "fisher-epochs");
        }
    }
}
