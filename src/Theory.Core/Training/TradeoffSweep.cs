using System.Diagnostics;
using Theory.Data;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// One run of the performance-reliability tradeoff (THEORY.md section 10): a mechanism, a cost coefficient
/// c = lambda s^rho / rho (the cost is c sigma^-rho per synapse) and a noise setting.
/// </summary>
/// <param name="Mechanism">Mechanism name, or "rho=..." for a bare exponent.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="C">Cost coefficient c.</param>
/// <param name="Setting">A sigma per parameter, or one shared by all.</param>
public sealed record TradeoffTask(string Mechanism, double Rho, double C, NoiseSetting Setting)
{
    /// <summary>lambda = c rho / s^rho.</summary>
    public double Lambda(double s) => LambdaOf(C, Rho, s);

    /// <summary>lambda = c rho / s^rho: the reliability weight of cost coefficient c (the cost c sigma^-rho per synapse).</summary>
    public static double LambdaOf(double c, double rho, double s) => c * rho / Math.Pow(s, rho);

    /// <summary>"het" or "hom".</summary>
    public string SettingName => Setting == NoiseSetting.Heterogeneous ? "het" : "hom";
}

/// <summary>What one tradeoff run measured.</summary>
/// <param name="Mechanism">As <see cref="TradeoffTask.Mechanism"/>.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="C">Cost coefficient c.</param>
/// <param name="Setting">Heterogeneous or homogeneous.</param>
/// <param name="Lambda">The reliability weight the run trained with, c rho / s^rho.</param>
/// <param name="AccuracySampled">Test accuracy with one weight sample per batch of <see cref="TradeoffSweep.EvaluationBatch"/> images.</param>
/// <param name="AccuracyMean">Test accuracy with the mean weights.</param>
/// <param name="NegativeLogLikelihood">Mean test -ln p(label) with the sampled weights, nats.</param>
/// <param name="CalibrationError">Expected calibration error (15 bins) with the sampled weights.</param>
/// <param name="RmsSigma">sqrt(mean sigma^2) over the weights (not the biases), as the published figures report it.</param>
/// <param name="ReliabilityCost">R = sum over every weight and bias of (1/rho)(s/sigma)^rho.</param>
/// <param name="Cost">c sum sigma^-rho = lambda R, what the run paid for reliability.</param>
/// <param name="TrainingLoss">The objective per training example at the end: the last epoch's mean CE + (lambda R + kappa sum |mu|) / N.</param>
/// <param name="Epochs">Training epochs run.</param>
/// <param name="Seconds">Wall-clock time of the run (not in any table: tables do not depend on the machine).</param>
public sealed record TradeoffRun(
    string Mechanism,
    double Rho,
    double C,
    NoiseSetting Setting,
    double Lambda,
    double AccuracySampled,
    double AccuracyMean,
    double NegativeLogLikelihood,
    double CalibrationError,
    double RmsSigma,
    double ReliabilityCost,
    double Cost,
    double TrainingLoss,
    int Epochs,
    double Seconds);

/// <summary>Per rho, what the sweep says: where each setting fails, and how far apart they are.</summary>
/// <param name="Mechanism">Mechanism name.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="HalfAccuracyC">Per setting (heterogeneous, homogeneous), the c at which the sampled accuracy first falls below
/// 50%, interpolated on ln c: NaN if it never does on the grid, negative infinity if it already is at the first c.</param>
/// <param name="Gap">Per c of the grid (ascending), heterogeneous minus homogeneous sampled accuracy (NaN where a setting is missing).</param>
/// <param name="Matched">Per heterogeneous run (ascending c), the homogeneous accuracy at the same reliability cost R,
/// interpolated on ln R between the homogeneous runs (NaN outside their range).</param>
public sealed record TradeoffSummary(
    string Mechanism,
    double Rho,
    (double Heterogeneous, double Homogeneous) HalfAccuracyC,
    (double C, double Gap)[] Gap,
    (double C, double ReliabilityCost, double Heterogeneous, double Homogeneous)[] Matched);

/// <summary>The tradeoff sweep over c, mechanisms and settings on the network engine of `theory slopes`.</summary>
public static class TradeoffSweep
{
    /// <summary>Images per weight sample when accuracy is measured with sampled weights (the published figures').</summary>
    public const int EvaluationBatch = 20;

    /// <summary><paramref name="count"/> values from <paramref name="from"/> to <paramref name="to"/>, evenly spaced in ln (count 1: from).</summary>
    public static double[] LogGrid(double from, double to, int count)
    {
        Guard.PositiveFinite(from, "from");
        Guard.PositiveFinite(to, "to");
        if (count < 1 || (count == 1 && from != to) || (count > 1 && !(to > from)))
        {
            throw new ArgumentException($"a grid FROM:TO:COUNT needs FROM < TO and COUNT >= 2, or FROM = TO and COUNT 1 (got {Guard.Format(from)}:{Guard.Format(to)}:{count}).", nameof(count));
        }

        // Exact ends; decades at the right points: 1e-3:1e4:29 gives 10^(-3 + k/4).
        double l0 = Math.Log10(from), l1 = Math.Log10(to);
        return [.. Enumerable.Range(0, count).Select(k => k == 0 ? from : k == count - 1 ? to : Math.Pow(10, l0 + ((l1 - l0) * k / (count - 1))))];
    }

    /// <summary>Every task, mechanism by mechanism, then setting (heterogeneous first), then c ascending: the order shards count in.</summary>
    public static List<TradeoffTask> Tasks(IReadOnlyList<(string Name, double Rho)> mechanisms, IReadOnlyList<double> cs, IReadOnlyList<NoiseSetting> settings)
    {
        ArgumentNullException.ThrowIfNull(mechanisms);
        ArgumentNullException.ThrowIfNull(cs);
        ArgumentNullException.ThrowIfNull(settings);
        return [.. mechanisms.SelectMany(m => settings.SelectMany(setting => cs.Select(c => new TradeoffTask(m.Name, m.Rho, c, setting))))];
    }

    /// <summary>The training options of one task: the shared ones with its rho, lambda and setting.</summary>
    public static SoftmaxTrainingOptions OptionsFor(SoftmaxTrainingOptions shared, TradeoffTask task)
    {
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(task);
        return shared with { Rho = task.Rho, Lambda = task.Lambda(shared.S), Setting = task.Setting };
    }

    /// <summary>
    /// Trains a fresh network for the task, as `theory slopes` trains, and measures it on the test set;
    /// <paramref name="keep"/> gets the trained network (shape, every mu, every sigma, the task's options) to save.
    /// </summary>
    public static TradeoffRun Run(ImageDataSet train, ImageDataSet test, SoftmaxTrainingOptions shared, TradeoffTask task, Action<EpochReport>? progress = null,
        Action<NetworkShape, double[], double[], SoftmaxTrainingOptions>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        SoftmaxTrainingOptions options = OptionsFor(shared, task);
        var clock = Stopwatch.StartNew();
        TrainedNetwork trained = SoftmaxExperiment.Train(train, options, progress);
        IStochasticNetwork model = trained.Model;
        NetworkShape shape = model.Shape;
        double[] mu = model.MeanValues.ToArray(), sigma = model.Sigma.ToArray();
        keep?.Invoke(shape, mu, sigma, options);
        PredictiveScores scores = NetworkMeasurements.SampledScores(shape, mu, sigma, EvaluationBatch, test, options.Seed + 1);
        double sumSquares = 0;
        int weights = 0;
        for (int l = 0; l < shape.Layers; l++)
        {
            foreach (double v in sigma.AsSpan(shape.WeightOffset[l], shape.Weights(l)))
            {
                sumSquares += v * v;
            }

            weights += shape.Weights(l);
        }

        (double reliability, double magnitude) = model.Costs();
        return new TradeoffRun(
            task.Mechanism, task.Rho, task.C, task.Setting, options.Lambda,
            scores.Accuracy,
            NetworkMeasurements.AccuracyWithMeanWeights(shape, mu, test),
            scores.NegativeLogLikelihood,
            scores.CalibrationError,
            Math.Sqrt(sumSquares / weights),
            reliability / options.Lambda,
            reliability,
            trained.TrainCrossEntropy + ((reliability + magnitude) / train.Count),
            trained.Epochs,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>The summary of one mechanism's runs (any order; both settings, or one).</summary>
    public static TradeoffSummary Summarise(IReadOnlyList<TradeoffRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Any(r => r.Rho != runs[0].Rho))
        {
            throw new ArgumentException("a summary needs the runs of one rho.", nameof(runs));
        }

        TradeoffRun[] Of(NoiseSetting setting) => [.. runs.Where(r => r.Setting == setting).OrderBy(r => r.C)];
        TradeoffRun[] het = Of(NoiseSetting.Heterogeneous), hom = Of(NoiseSetting.Homogeneous);
        static double HalfC(TradeoffRun[] r)
        {
            double at = Interpolation.FirstCrossingBelow([.. r.Select(x => Math.Log(x.C))], [.. r.Select(x => x.AccuracySampled)], 0.5);
            return double.IsFinite(at) ? Math.Exp(at) : at;
        }

        double[] cs = [.. runs.Select(r => r.C).Distinct().Order()];
        double AccuracyAt(TradeoffRun[] r, double c) => r.FirstOrDefault(x => x.C == c)?.AccuracySampled ?? double.NaN;
        double[] homLogCost = [.. hom.Select(r => Math.Log(r.ReliabilityCost))];
        double[] homAccuracy = [.. hom.Select(r => r.AccuracySampled)];
        return new TradeoffSummary(
            runs[0].Mechanism,
            runs[0].Rho,
            (het.Length == 0 ? double.NaN : HalfC(het), hom.Length == 0 ? double.NaN : HalfC(hom)),
            [.. cs.Select(c => (c, AccuracyAt(het, c) - AccuracyAt(hom, c)))],
            [.. het.Select(r => (r.C, r.ReliabilityCost, r.AccuracySampled, Interpolation.Linear(homLogCost, homAccuracy, Math.Log(r.ReliabilityCost))))]);
    }
}
