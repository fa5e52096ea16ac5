using System.CommandLine;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// The options of the network trainer that every command training a network shares (<c>theory slopes</c>,
/// <c>theory tradeoff</c>): the same names, defaults, descriptions and checks, and one place that turns them into
/// <see cref="SoftmaxTrainingOptions"/> and loads the data.
/// </summary>
internal sealed class TrainerOptions
{
    /// <summary>The fewest training images --train-limit takes.</summary>
    public const int MinimumTrainingImages = 100;

    public Option<string?> Data { get; } = new("--data") { Description = "Folder of the data set's four IDX files (MNIST is fetched there if missing). Default: data/mnist or data/fashion under the repository when run inside a checkout, else $XDG_CACHE_HOME/theory/mnist (or ~/.cache/theory/mnist); Fashion-MNIST is read from Debian's dataset-fashion-mnist when the folder lacks it." };

    public Option<string> Dataset { get; } = new("--dataset") { Description = "mnist or fashion (Debian's dataset-fashion-mnist).", DefaultValueFactory = _ => "mnist" };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs (the minimum with --converge).", DefaultValueFactory = _ => 50 };

    public Option<int> Batch { get; } = new("--batch") { Description = "Minibatch size B.", DefaultValueFactory = _ => 20 };

    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate of mu.", DefaultValueFactory = _ => 1e-4 };

    public Option<double?> LearningRateSigma { get; } = new("--lr-sigma") { Description = "Adam learning rate of phi (sigma = softplus(phi)); default --lr." };

    public Option<double> S { get; } = new("--s") { Description = "Reliability scale s.", DefaultValueFactory = _ => 1e-3 };

    public Option<double> Kappa { get; } = new("--kappa") { Description = "L1 magnitude weight kappa.", DefaultValueFactory = _ => 0.01 };

    public Option<double> SigmaInit { get; } = new("--sigma-init") { Description = "Initial sigma of every weight.", DefaultValueFactory = _ => 1e-4 };

    public Option<bool> Converge { get; } = new("--converge") { Description = "Train until the drift of ln sigma per epoch is below --tol in every decile of importance (Adam's second moment), up to --max-epochs." };

    public Option<int> MaxEpochs { get; } = new("--max-epochs") { Description = "Cap on epochs with --converge.", DefaultValueFactory = _ => 400 };

    public Option<double> Tolerance { get; } = new("--tol") { Description = "Drift tolerance per epoch for --converge.", DefaultValueFactory = _ => 1e-3 };

    public Option<string> Estimator { get; } = new("--estimator") { Description = "sample (one weight sample per minibatch, the paper's) or local (local reparameterisation).", DefaultValueFactory = _ => "sample" };

    public Option<int> Threads { get; } = new("--threads") { Description = "Cores to use: runs train in parallel, and a run gets the cores left over (threads never change the numbers).", DefaultValueFactory = _ => Environment.ProcessorCount };

    public Option<string?> Hidden { get; } = new("--hidden") { Description = "Hidden layer widths, comma-separated (100,100 is the paper's Figure-5 network); default none: the 784 -> 10 classifier." };

    public Option<string> Layout { get; } = new("--layout") { Description = "text (the paper's: ReLU after each hidden layer) or published (the published code's: no nonlinearity after the first layer, ReLU on later layers and the logits).", DefaultValueFactory = _ => "text" };

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of initialisation, shuffling, sampling and bootstrap.", DefaultValueFactory = _ => 1UL };

    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Train on the first N training images only." };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress bars." };

    public Option<string> SaveAs { get; } = new("--save-as") { Description = "With --out, the convention of each trained network's MECHANISM[_seedS].safetensors: plain (layers.K.mu, .sigma, .bias_mu, .bias_sigma), efficientbayes (the authors' linearK.weight_mu, .weight_phi, .bias_mu, .bias_phi) or bayesian-torch (fcK.mu_weight, .rho_weight, .mu_bias, .rho_bias), so that the matching PyTorch module's load_state_dict takes it.", DefaultValueFactory = _ => "plain" };

    public Option<bool> Single { get; } = new("--float") { Description = "Train in single precision (float kernels) instead of double." };

    public Option<double> DataScale { get; } = new("--data-scale") { Description = "Weight D of the minibatch's summed cross-entropy in the loss: 1 is the paper's and the authors' sims-fig*.py scripts'; their network.py and tradeoff.py use 10.", DefaultValueFactory = _ => 1.0 };

    public Option<string> Homogeneous { get; } = new("--homogeneous") { Description = "How the homogeneous setting is trained: theory (one shared phi paying n c sigma^-rho, THEORY.md section 10) or committed (the authors' sims-fig2and3.py: sigma_bar = sqrt(mean sigma_i^2) in the forward pass, n c sigma_bar^-rho plus each sigma_i's own cost).", DefaultValueFactory = _ => "theory" };

    public Option<double?> BiasSigmaInit { get; } = new("--bias-sigma-init") { Description = "Initial sigma of every bias (heterogeneous setting only); default --sigma-init. The authors' code started it at 1e-2 \"before january\"." };

    public Option<string> CostOn { get; } = new("--cost-on") { Description = "Which parameters pay the reliability cost: all (weights and biases, the published code's) or weights.", DefaultValueFactory = _ => "all" };

    public Option<int> CostFreeEpochs { get; } = new("--cost-free-epochs") { Description = "Train the last K of --epochs without the reliability cost (noise and L1 stay on), as the authors' May-2023 figure2and3.py does in its epochs 1000-1099 of 1100 (heterogeneous setting only).", DefaultValueFactory = _ => 0 };

    /// <summary>Every option, in the order help lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Data, Dataset, Epochs, Batch, LearningRate, LearningRateSigma, S, Kappa, SigmaInit, Converge, MaxEpochs, Tolerance,
        Estimator, Threads, Hidden, Layout, Seed, TrainLimit, Quiet, SaveAs, Single, DataScale, Homogeneous, BiasSigmaInit, CostOn, CostFreeEpochs,
    ];

    /// <summary>--save-as, checked.</summary>
    public NetworkConvention SaveConvention(ParseResult parse) => NetworkFile.Parse(parse.GetValue(SaveAs) ?? "plain")
        ?? throw new UsageException($"--save-as must be plain, efficientbayes or bayesian-torch (got '{Theory.Guard.Quote(parse.GetValue(SaveAs) ?? string.Empty)}').");

    /// <summary>--dataset, checked.</summary>
    public DataSetKind Kind(ParseResult parse) => parse.GetValue(Dataset)?.ToLowerInvariant() switch
    {
        "mnist" => DataSetKind.Mnist,
        "fashion" => DataSetKind.Fashion,
        var other => throw new UsageException($"--dataset must be mnist or fashion (got '{other}')."),
    };

    /// <summary>--estimator, checked.</summary>
    public WeightEstimator EstimatorValue(ParseResult parse) => parse.GetValue(Estimator)?.ToLowerInvariant() switch
    {
        "sample" => WeightEstimator.Sample,
        "local" => WeightEstimator.Local,
        var other => throw new UsageException($"--estimator must be sample or local (got '{other}')."),
    };

    /// <summary>--threads, checked.</summary>
    public int ThreadCount(ParseResult parse)
    {
        int threadCount = parse.GetValue(Threads);
        return threadCount >= 1 ? threadCount : throw new UsageException($"--threads must be at least 1 (got {threadCount}).");
    }

    /// <summary>
    /// The training settings for one run: every shared option's value, with the run's own rho, lambda, seed, threads
    /// and setting. Commands set their own extras (Fisher epochs, averaging, prior) with <c>with</c>.
    /// </summary>
    public SoftmaxTrainingOptions Build(ParseResult parse, double rho, double lambda, ulong seed, int threads, NoiseSetting setting = NoiseSetting.Heterogeneous)
    {
        ArgumentNullException.ThrowIfNull(parse);
        int? limit = parse.GetValue(TrainLimit);
        if (limit is < MinimumTrainingImages)
        {
            throw new UsageException($"--train-limit must be at least {MinimumTrainingImages}, so that the weights' H differ enough to fit a slope (got {limit}).");
        }

        NetworkLayout arrangement = parse.GetValue(Layout)?.ToLowerInvariant() switch
        {
            "text" => NetworkLayout.Text,
            "published" => NetworkLayout.Published,
            var other => throw new UsageException($"--layout must be text or published (got '{other}')."),
        };

        bool committed = parse.GetValue(Homogeneous)?.ToLowerInvariant() switch
        {
            "theory" => false,
            "committed" => true,
            var other => throw new UsageException($"--homogeneous must be theory or committed (got '{other}')."),
        };

        bool costOnBiases = parse.GetValue(CostOn)?.ToLowerInvariant() switch
        {
            "all" => true,
            "weights" => false,
            var other => throw new UsageException($"--cost-on must be all or weights (got '{other}')."),
        };

        // Named arguments: each option lands in the field of its own name, whatever the record's order.
        return new SoftmaxTrainingOptions(
            Rho: rho, S: parse.GetValue(S), Lambda: lambda, Kappa: parse.GetValue(Kappa),
            BatchSize: parse.GetValue(Batch), LearningRate: parse.GetValue(LearningRate), LearningRateSigma: parse.GetValue(LearningRateSigma),
            Epochs: parse.GetValue(Epochs), Converge: parse.GetValue(Converge), MaxEpochs: parse.GetValue(MaxEpochs),
            Tolerance: parse.GetValue(Tolerance), InitialSigma: parse.GetValue(SigmaInit),
            Estimator: EstimatorValue(parse), Seed: seed, SinglePrecision: parse.GetValue(Single),
            Hidden: ParseHidden(parse.GetValue(Hidden)), Layout: arrangement, Threads: threads, Setting: setting,
            DataScale: parse.GetValue(DataScale), CommittedHomogeneous: committed,
            InitialBiasSigma: parse.GetValue(BiasSigmaInit), CostOnBiases: costOnBiases, CostFreeEpochs: parse.GetValue(CostFreeEpochs));
    }

    /// <summary>
    /// Finds (fetching MNIST if missing) and loads the training and test sets that --data, --dataset and
    /// --train-limit name, and checks --batch against the training images.
    /// </summary>
    public (ImageDataSet Train, ImageDataSet Test, string Source) LoadData(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        DataSetKind kind = Kind(parse);
        string folder = parse.GetValue(Data) ?? MnistFiles.DefaultFolder(Environment.CurrentDirectory, kind);
        if (File.Exists(folder))
        {
            throw new UsageException($"--data '{Theory.Guard.Quote(folder)}' is a file; give the folder that holds (or will hold) the four IDX files.");
        }

        string[] files = MnistFiles.Locate(kind, folder, line => Console.Error.WriteLine($"theory: {line}"));
        var (train, test) = MnistFiles.Load(files, parse.GetValue(TrainLimit) ?? int.MaxValue);
        int batch = parse.GetValue(Batch);
        if (batch > train.Count)
        {
            throw new UsageException($"--batch {batch} is larger than the {train.Count} training images.");
        }

        return (train, test, Path.GetDirectoryName(Path.GetFullPath(files[0]))!);
    }

    /// <summary>"100,100" -> [100, 100]; null or empty: no hidden layer.</summary>
    public static int[] ParseHidden(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 100_000)
            {
                throw new UsageException($"--hidden must be comma-separated widths from 1 to 100000, such as 100,100 (got '{text}').");
            }
        }

        return widths;
    }
}
