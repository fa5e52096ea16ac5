using Theory.Training;

namespace Theory.Authors;

/// <summary>
/// One candidate for the setup that made the authors' Figure 2-3 arrays (issue 30): a change to the published code's
/// setup, as training options and as the command-line flags that give them.
/// </summary>
/// <param name="Name">Short id (letters, digits and dashes), as --variants takes it.</param>
/// <param name="Flags">The flags of <c>theory tradeoff</c> that give this setup (beside --hidden 100,100 --layout published).</param>
/// <param name="Source">Where in the authors' code or history the candidate comes from.</param>
/// <param name="Apply">The training options of a task in this setup, from the published ones (rho, lambda and setting already set).</param>
/// <param name="TrainedC">The c the network trains at for the authors' c (the identity except for s^rho = c).</param>
/// <param name="Settings">The settings the candidate applies to (the others are blank in the table).</param>
/// <param name="MeanWeightsAtTest">Accuracy is read with the mean weights (no noise at test) instead of one sample per 20 images.</param>
public sealed record SetupVariant(
    string Name,
    string Flags,
    string Source,
    Func<SoftmaxTrainingOptions, SoftmaxTrainingOptions> Apply,
    Func<double, double, double> TrainedC,
    NoiseSetting[] Settings,
    bool MeanWeightsAtTest = false)
{
    /// <summary>The epochs one task of this variant trains (for the progress bar and the cost of a run).</summary>
    public int Epochs(SoftmaxTrainingOptions published) => Apply(published).Epochs;
}

/// <summary>The search for the authors' setup: the candidates, the points they are compared at, and the rule of a match.</summary>
public static class AuthorsSearch
{
    /// <summary>Accuracy within this many (fraction) of the authors' counts as a match.</summary>
    public const double AccuracyTolerance = 0.04;

    /// <summary>RMS sigma within this fraction of the authors' counts as a match.</summary>
    public const double SigmaTolerance = 0.15;

    /// <summary>The (rho, c) points of issue 30, each run in both settings: twelve of the authors' numbers.</summary>
    public static readonly (double Rho, double C)[] Points = [(2, 0.1), (2, 1), (2, 10), (0.5, 1), (0.5, 10), (0.5, 100)];

    private static readonly NoiseSetting[] Both = [NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous];
    private static readonly NoiseSetting[] HetOnly = [NoiseSetting.Heterogeneous];

    private static double Same(double rho, double c) => c;

    /// <summary>Every candidate, in the order the table lists them: the published setup first.</summary>
    public static IReadOnlyList<SetupVariant> Variants { get; } =
    [
        new("published", string.Empty, "the published code as data/authors/README.md describes it", o => o, Same, Both),
        new("mean-at-test", "(accuracy with the mean weights)", "no noise at test time: the same runs, read with the mean weights", o => o, Same, Both, MeanWeightsAtTest: true),
        new("data-scale-10", "--data-scale 10", "network.py and tradeoff.py: mean NLL x batch x 10", o => o with { DataScale = 10 }, Same, Both),
        new("committed", "--homogeneous committed", "sims-fig2and3.py's homogeneous setting as committed", o => o.Setting == NoiseSetting.Homogeneous ? o with { CommittedHomogeneous = true } : o, Same, [NoiseSetting.Homogeneous]),
        new("l1-0.1", "--kappa 0.1", "network.py and the May-2023 figure2and3.py: L1 weight 0.1", o => o with { Kappa = 0.1 }, Same, Both),
        new("bias-sigma-1e-2", "--bias-sigma-init 1e-2", "figure2and3.py: bias sigma \"was 0.01 before january\"", o => o with { InitialBiasSigma = 1e-2 }, Same, HetOnly),
        new("weights-only", "--cost-on weights", "the reliability cost on the weights only (sig_arr and the paper count weights only)", o => o with { CostOnBiases = false }, Same, Both),
        new("s-rho-is-c", "--c c/rho", "s^rho = c instead of c rho (figure2and3.py sets s = (c rho)^(1/rho))", o => o, (rho, c) => c / rho, Both),
        new("local", "--estimator local", "noise per example (the local reparameterisation trick) in training", o => o with { Estimator = WeightEstimator.Local }, Same, Both),
        new("text-layout", "--layout text", "the paper's text: ReLU after each hidden layer, none on the logits", o => o with { Layout = NetworkLayout.Text }, Same, Both),
        new("float", "--float", "float32 (PyTorch's default dtype) instead of the committed float64", o => o with { SinglePrecision = true }, Same, Both),
        new("epochs-200", "--epochs 200", "four times the published 50 epochs", o => o with { Epochs = 200 }, Same, Both),
        new("may-2023", "--epochs 1100 --cost-free-epochs 100 --kappa 0.1", "the May-2023 figure2and3.py (commit of the v1 arrays): 1100 epochs, the last 100 without the reliability cost, L1 0.1", o => o with { Epochs = 1100, CostFreeEpochs = 100, Kappa = 0.1 }, Same, HetOnly),
    ];

    /// <summary>The variant named <paramref name="name"/>, or null.</summary>
    public static SetupVariant? Find(string name) => Variants.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The training options of a variant's run at the authors' (rho, c) in a setting, from the shared published ones.</summary>
    public static SoftmaxTrainingOptions OptionsFor(SetupVariant variant, SoftmaxTrainingOptions published, TradeoffTask task)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return variant.Apply(TradeoffSweep.OptionsFor(published, task));
    }

    /// <summary>The tradeoff task a variant trains for the authors' point (its c mapped by <see cref="SetupVariant.TrainedC"/>).</summary>
    public static TradeoffTask TaskFor(SetupVariant variant, double rho, double c, NoiseSetting setting)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return new TradeoffTask($"rho={rho:0.###}", rho, variant.TrainedC(rho, c), setting);
    }

    /// <summary>Whether a run matches the authors' number: accuracy within 4 points and RMS sigma within 15%.</summary>
    public static bool Matches(double accuracy, double rmsSigma, AuthorsTradeoffPoint authors)
    {
        ArgumentNullException.ThrowIfNull(authors);
        return Math.Abs(accuracy - authors.AccuracySampled) <= AccuracyTolerance && Math.Abs((rmsSigma / authors.RmsSigma) - 1) <= SigmaTolerance;
    }
}
