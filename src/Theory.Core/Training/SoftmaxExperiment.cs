using System.Diagnostics;
using System.Numerics.Tensors;
using Theory.Data;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// Trains a stochastic network (any depth) on a data set and measures, layer by layer, what the slope table needs
/// (THEORY.md sections 6 and 9): sigma^2, the exact Hessian diagonal, the empirical Fisher, Adam's learning rates,
/// input rates, accuracies and the convergence diagnostic.
/// </summary>
public static class SoftmaxExperiment
{
    private const int DriftWindow = 5;

    /// <summary>Runs training, the Fisher epochs and the measurements.</summary>
    public static SoftmaxResult Run(ImageDataSet train, ImageDataSet test, SoftmaxTrainingOptions options, Action<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Features != test.Features)
        {
            throw new ArgumentException($"training images have {train.Features} pixels, test images {test.Features}.", nameof(test));
        }

        var clock = Stopwatch.StartNew();
        TrainedNetwork trained = Train(train, options, progress);
        return Measure(trained, train, test, options, clock, progress);
    }

    /// <summary>
    /// A network read from a file, as <see cref="Train"/> would leave it after zero epochs: its parameters set, no
    /// drift history (the convergence columns are NaN). <see cref="Measure"/> then runs the Fisher epochs and the
    /// measurements on it, training nothing.
    /// </summary>
    public static TrainedNetwork FromParameters(ImageDataSet train, SoftmaxTrainingOptions options, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.AverageEpochs != 0)
        {
            throw new ArgumentException("an imported network has no epochs to average over.", nameof(options));
        }

        IStochasticNetwork model = Create(train.Features, options);
        model.SetParameters(mu, sigma);
        var history = new Queue<double[][]>();
        history.Enqueue(LogSigma(model.Sigma, model.Shape));
        return new TrainedNetwork
        {
            Model = model,
            Epochs = 0,
            Converged = false,
            SigmaDrift = double.NaN,
            WorstDecileDrift = double.NaN,
            TrainCrossEntropy = double.NaN,
            TrainAccuracy = double.NaN,
            History = history,
            Changes = [],
            Averaged = new Queue<double[][]>(),
            LayerDiagnostic = [.. Enumerable.Repeat((double.NaN, double.NaN), model.Shape.Layers)],
            Shuffle = new Xoshiro256(options.Seed * 0x9E3779B97F4A7C15UL + 7),
            Order = [.. Enumerable.Range(0, train.Count)],
        };
    }

    /// <summary>The Fisher epochs (noise on, no step) and every measurement of a trained (or imported) network.</summary>
    public static SoftmaxResult Measure(TrainedNetwork trained, ImageDataSet train, ImageDataSet test, SoftmaxTrainingOptions options, Stopwatch? clock = null,
        Action<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        clock ??= Stopwatch.StartNew();
        (IStochasticNetwork model, int epoch, bool converged, double drift, double worstDecile) =
            (trained.Model, trained.Epochs, trained.Converged, trained.SigmaDrift, trained.WorstDecileDrift);
        (Queue<double[][]> history, List<float[][]> changes, Queue<double[][]> averaged, var layerDiagnostic, Xoshiro256 shuffle, int[] order) =
            (trained.History, trained.Changes, trained.Averaged, trained.LayerDiagnostic, trained.Shuffle, trained.Order);
        NetworkShape shape = model.Shape;
        int layers = shape.Layers;
        // An imported network has no Adam state, so no learning rate: NaN, and the column is empty.
        double[] learningRate = trained.Epochs == 0 ? [.. Enumerable.Repeat(double.NaN, model.Parameters)] : model.MuLearningRates();
        var sumSq = new double[model.Parameters];
        var sumAbs = new double[model.Parameters];
        int batches = 0;
        for (int f = 1; f <= options.FisherEpochs; f++)
        {
            Shuffle(order, shuffle);
            (double ce, int correct) = Pass(model, train, order, options.BatchSize, step: false, sumSq, sumAbs);
            ThrowIfDiverged(model, ce, options, "Fisher", f);
            batches += (train.Count + options.BatchSize - 1) / options.BatchSize;
            progress?.Invoke(new EpochReport("fisher", f, options.FisherEpochs, ce / train.Count, (double)correct / train.Count, drift));
        }

        double[] mu = model.MeanValues.ToArray();
        double[] sigma = model.Sigma.ToArray();
        (double[] hessian, UnitActivity[] activity) = NetworkMeasurements.HessianDiagonal(shape, mu, train);
        double[][] window0 = history.Peek(), windowEnd = history.Last();

        // sigma^2 as the fits see it: the last epoch's, or exp of the mean ln sigma^2 over the last AverageEpochs epochs.
        double[][] sigmaSquared = [.. Enumerable.Range(0, layers).Select(l => options.AverageEpochs == 0
            ? sigma.AsSpan(shape.WeightOffset[l], shape.Weights(l)).ToArray().Select(v => v * v).ToArray()
            : Enumerable.Range(0, shape.Weights(l)).Select(i => Math.Exp(2 * averaged.Average(e => e[l][i]))).ToArray())];
        var results = new LayerResult[layers];
        for (int l = 0; l < layers; l++)
        {
            int wo = shape.WeightOffset[l], n = shape.Weights(l), k = shape.Outputs[l];
            double[] Slice(double[] values) => values[wo..(wo + n)];
            results[l] = new LayerResult
            {
                Layer = l,
                Inputs = shape.Inputs[l],
                Outputs = k,
                SigmaSquared = sigmaSquared[l],
                Mu = Slice(mu),
                Hessian = Slice(hessian),
                Fisher = [.. Slice(sumSq).Select(v => v / batches)],
                MeanAbsoluteGradient = [.. Slice(sumAbs).Select(v => v / batches)],
                LearningRate = Slice(learningRate),
                InputRate = Expand(activity[l].Rate, k),
                MeanAbsoluteInput = Expand(activity[l].MeanAbsolute, k),
                SilentInputs = activity[l].Rate.Count(r => !(r > 0)),
                SigmaDrift = layerDiagnostic[l].Drift,
                SigmaJitter = layerDiagnostic[l].Jitter,
                DriftByEpoch = DriftCurves(changes, l, Slice(hessian)),
                DriftByDecile = history.Count == DriftWindow + 1
                    ? DecileDrifts(window0[l], windowEnd[l], Slice(hessian), Slice(hessian).Select(v => v > 0).ToArray())
                    : [.. Enumerable.Repeat(double.NaN, 10)],
            };
        }

        PredictiveScores sampled = NetworkMeasurements.SampledScores(shape, mu, sigma, options.BatchSize, test, options.Seed + 1);
        return new SoftmaxResult
        {
            Options = options,
            TrainingSize = train.Count,
            Shape = shape,
            Layers = results,
            AccuracyMean = NetworkMeasurements.AccuracyWithMeanWeights(shape, mu, test),
            AccuracySampled = sampled.Accuracy,
            Sampled = sampled,
            Epochs = epoch,
            Converged = converged,
            SigmaDrift = drift,
            WorstDecileDrift = worstDecile,
            Seconds = clock.Elapsed.TotalSeconds,
            NetworkMu = mu,
            NetworkSigma = sigma,
        };
    }

    /// <summary>
    /// The training epochs alone (what every command that trains a network shares): the model after them, with the
    /// convergence diagnostics. <see cref="Run"/> continues from here with the Fisher epochs and the measurements.
    /// </summary>
    public static TrainedNetwork Train(ImageDataSet train, SoftmaxTrainingOptions options, Action<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IStochasticNetwork model = Create(train.Features, options);
        NetworkShape shape = model.Shape;
        int layers = shape.Layers;
        var shuffle = new Xoshiro256(options.Seed * 0x9E3779B97F4A7C15UL + 7);
        int[] order = [.. Enumerable.Range(0, train.Count)];

        // ln sigma of every layer's weights at the end of the last DriftWindow + 1 epochs, oldest first.
        var history = new Queue<double[][]>();
        history.Enqueue(LogSigma(model.Sigma, shape));

        // Per epoch and layer, the change of ln sigma of every weight (float: the drift it feeds is a median of
        // changes of order 1e-3, far above float's resolution), for the convergence curves by importance decile.
        var changes = new List<float[][]>();
        double[][] previousLogSigma = history.Peek();
        int maxEpochs = options.Converge ? options.MaxEpochs : options.Epochs;
        int epoch = 0;
        double drift = double.NaN;
        var layerDiagnostic = new (double Drift, double Jitter)[layers];
        double worstDecile = double.NaN;
        var averaged = new Queue<double[][]>(); // ln sigma of the last AverageEpochs epochs, for iterate averaging
        bool converged = false;
        double lastCe = double.NaN;
        int lastCorrect = 0;
        while (epoch < maxEpochs)
        {
            epoch++;
            model.ReliabilityCostOn = epoch <= maxEpochs - options.CostFreeEpochs; // the authors' May-2023 script's last epochs
            Shuffle(order, shuffle);
            (double ce, int correct) = Pass(model, train, order, options.BatchSize, step: true, null, null);
            ThrowIfDiverged(model, ce, options, "training", epoch);
            (lastCe, lastCorrect) = (ce, correct);
            double[][] nowLogSigma = LogSigma(model.Sigma, shape);
            changes.Add([.. nowLogSigma.Select((layer, l) => layer.Select((v, i) => (float)(v - previousLogSigma[l][i])).ToArray())]);
            previousLogSigma = nowLogSigma;
            history.Enqueue(nowLogSigma);
            if (history.Count > DriftWindow + 1)
            {
                history.Dequeue();
            }

            if (options.AverageEpochs > 0)
            {
                averaged.Enqueue(nowLogSigma);
                if (averaged.Count > options.AverageEpochs)
                {
                    averaged.Dequeue();
                }
            }

            double[][][] h = [.. history];
            for (int l = 0; l < layers; l++)
            {
                layerDiagnostic[l] = Diagnostic([.. h.Select(e => e[l])]);
            }

            drift = layers == 1 ? layerDiagnostic[0].Drift : Diagnostic([.. h.Select(e => e.SelectMany(x => x).ToArray())]).Drift;
            if (options.Converge && h.Length == DriftWindow + 1)
            {
                worstDecile = WorstDecileDrift(model, shape, h);
            }

            progress?.Invoke(new EpochReport("train", epoch, maxEpochs, ce / train.Count, (double)correct / train.Count, drift));
            if (options.Converge && epoch >= options.Epochs && !double.IsNaN(worstDecile) && worstDecile < options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        if (!options.Converge && history.Count == DriftWindow + 1)
        {
            worstDecile = WorstDecileDrift(model, shape, [.. history]); // reported; without --converge only the last epoch's is needed
        }

        return new TrainedNetwork
        {
            Model = model,
            Epochs = epoch,
            Converged = converged,
            SigmaDrift = drift,
            WorstDecileDrift = worstDecile,
            TrainCrossEntropy = lastCe / train.Count,
            TrainAccuracy = (double)lastCorrect / train.Count,
            History = history,
            Changes = changes,
            Averaged = averaged,
            LayerDiagnostic = layerDiagnostic,
            Shuffle = shuffle,
            Order = order,
        };
    }

    /// <summary>
    /// Per training epoch, the median over the layer's weights of the change of ln sigma, and the same median over the
    /// decile of weights with the smallest positive H (the least important, which the theory says settle last).
    /// </summary>
    private static DriftCurve DriftCurves(List<float[][]> changes, int layer, double[] hessian)
    {
        int[] constrained = [.. Enumerable.Range(0, hessian.Length).Where(i => hessian[i] > 0).OrderBy(i => hessian[i]).ThenBy(i => i)];
        int[] lowest = constrained[..Math.Max(1, constrained.Length / 10)];
        var all = new double[changes.Count];
        var least = new double[changes.Count];
        for (int e = 0; e < changes.Count; e++)
        {
            float[] c = changes[e][layer];
            double[] every = [.. c.Select(v => (double)v)];
            Array.Sort(every);
            all[e] = Bootstrap.Quantile(every, 0.5);
            double[] low = [.. lowest.Select(i => (double)c[i])];
            Array.Sort(low);
            least[e] = Bootstrap.Quantile(low, 0.5);
        }

        return new DriftCurve(all, least);
    }

    // The largest |median drift| over the deciles of all layers' weights ranked by Adam's second moment (a small
    // learning rate is a large Fisher: an important weight), over the drift window h.
    private static double WorstDecileDrift(IStochasticNetwork model, NetworkShape shape, double[][][] h)
    {
        double[] rates = model.MuLearningRates();
        double[] proxy = [.. Enumerable.Range(0, shape.Layers).SelectMany(l => rates.AsSpan(shape.WeightOffset[l], shape.Weights(l)).ToArray()).Select(r => -r)];
        return DecileDrifts([.. h[0].SelectMany(x => x)], [.. h[^1].SelectMany(x => x)], proxy, null).Max(Math.Abs);
    }

    /// <summary>
    /// The median change of ln sigma per epoch over the drift window ((last - first) / window) in each tenth of the
    /// weights ordered by <paramref name="importance"/> (ascending, ties by index; index 0 the least important), over the
    /// weights that <paramref name="include"/> admits (all when null).
    /// </summary>
    internal static double[] DecileDrifts(double[] first, double[] last, double[] importance, bool[]? include)
    {
        int[] order = [.. Enumerable.Range(0, first.Length).Where(i => include is null || include[i]).OrderBy(i => importance[i]).ThenBy(i => i)];
        var result = new double[10];
        for (int d = 0; d < 10; d++)
        {
            int from = d * order.Length / 10, to = (d + 1) * order.Length / 10;
            if (to <= from)
            {
                result[d] = double.NaN;
                continue;
            }

            double[] change = [.. order[from..to].Select(i => (last[i] - first[i]) / DriftWindow)];
            Array.Sort(change);
            result[d] = Bootstrap.Quantile(change, 0.5);
        }

        return result;
    }

    /// <summary>The network the options describe, in their precision.</summary>
    public static IStochasticNetwork Create(int features, SoftmaxTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SinglePrecision ? new StochasticNetwork<float>(features, options) : new StochasticNetwork<double>(features, options);
    }

    /// <summary>
    /// Stops a run whose loss or weights stopped being finite, which would otherwise surface later as an empty
    /// fit or a NaN in the table.
    /// </summary>
    private static void ThrowIfDiverged(IStochasticNetwork model, double crossEntropy, SoftmaxTrainingOptions options, string phase, int epoch)
    {
        if (double.IsFinite(crossEntropy) && TensorPrimitives.IsFiniteAll(model.MeanValues) && TensorPrimitives.IsFiniteAll(model.Sigma))
        {
            return;
        }

        throw new InvalidOperationException(
            $"training diverged (rho {Guard.Format(options.Rho)}, {phase} epoch {epoch}): the loss or a weight is no longer finite; " +
            (options.LearningRate > 1e-2 || (options.LearningRateSigma ?? 0) > 1e-2
                ? "lower the learning rates (--lr, --lr-sigma)."
                : $"at lr {Guard.Format(options.LearningRate)}, sigma-init {Guard.Format(options.InitialSigma)} and lambda {Guard.Format(options.Lambda)}, look at the noise: lower sigma-init or lambda, or raise s."));
    }

    /// <summary>
    /// One pass over the training set in the given order: with <paramref name="step"/>, gradients and an Adam step
    /// per minibatch (a training epoch; the benchmarks time exactly this); without, it only sums the squared and
    /// absolute minibatch gradients of mu (the empirical Fisher).
    /// </summary>
    internal static (double Ce, int Correct) Pass(
        IStochasticNetwork model, ImageDataSet train, int[] order, int batchSize, bool step, double[]? sumSq, double[]? sumAbs)
    {
        double ce = 0;
        int correct = 0;
        double[]? absolute = null;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            ReadOnlySpan<int> rows = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
            if (start + batchSize < order.Length)
            {
                train.Touch(order.AsSpan(start + batchSize, Math.Min(batchSize, order.Length - start - batchSize)));
            }

            (double c, int k) = model.ComputeGradients(train, rows, train.Count);
            ce += c;
            correct += k;
            if (step)
            {
                model.AdamStep();
            }
            else
            {
                // The same roundings as a scalar loop: (g * g) + sum, unfused, and |g| + sum.
                ReadOnlySpan<double> g = model.MuGradient;
                absolute ??= new double[g.Length];
                TensorPrimitives.MultiplyAdd(g, g, sumSq!, sumSq);
                TensorPrimitives.Abs(g, absolute);
                TensorPrimitives.Add(sumAbs!, absolute, sumAbs);
            }
        }

        return (ce, correct);
    }

    private static (double Drift, double Jitter) Diagnostic(double[][] h)
    {
        double[] last = h[^1], previous = h[^2];
        double[] change = new double[last.Length];
        for (int i = 0; i < last.Length; i++)
        {
            change[i] = Math.Abs(last[i] - previous[i]);
        }

        Array.Sort(change);
        double jitter = Bootstrap.Quantile(change, 0.9);
        if (h.Length < DriftWindow + 1)
        {
            return (double.NaN, jitter);
        }

        double[] first = h[0];
        double[] mean = new double[last.Length];
        for (int i = 0; i < last.Length; i++)
        {
            mean[i] = (last[i] - first[i]) / DriftWindow;
        }

        Array.Sort(mean);
        return (Bootstrap.Quantile(mean, 0.5), jitter);
    }

    private static double[][] LogSigma(ReadOnlySpan<double> sigma, NetworkShape shape)
    {
        var result = new double[shape.Layers][];
        for (int l = 0; l < shape.Layers; l++)
        {
            ReadOnlySpan<double> weights = sigma.Slice(shape.WeightOffset[l], shape.Weights(l));
            result[l] = new double[weights.Length];
            for (int i = 0; i < weights.Length; i++)
            {
                result[l][i] = Math.Log(weights[i]);
            }
        }

        return result;
    }

    // A per-input-unit array repeated for each of the layer's outputs: the value of weight (i, j) is that of unit j.
    private static double[] Expand(double[] perInput, int outputs)
    {
        var result = new double[outputs * perInput.Length];
        for (int k = 0; k < outputs; k++)
        {
            perInput.CopyTo(result, k * perInput.Length);
        }

        return result;
    }

    private static void Shuffle(int[] order, Xoshiro256 rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}

/// <summary>A network after its training epochs, with what <see cref="SoftmaxExperiment.Run"/> needs to continue.</summary>
public sealed class TrainedNetwork
{
    /// <summary>The trained network.</summary>
    public required IStochasticNetwork Model { get; init; }

    /// <summary>Training epochs run.</summary>
    public required int Epochs { get; init; }

    /// <summary>Whether --converge's criterion was met.</summary>
    public required bool Converged { get; init; }

    /// <summary>The median drift of ln sigma per epoch over the last window (NaN before a full window).</summary>
    public required double SigmaDrift { get; init; }

    /// <summary>The largest |median drift| over the deciles of importance.</summary>
    public required double WorstDecileDrift { get; init; }

    /// <summary>Mean cross-entropy per training example over the last epoch (with the weights the estimator drew).</summary>
    public required double TrainCrossEntropy { get; init; }

    /// <summary>Training accuracy over the last epoch, likewise.</summary>
    public required double TrainAccuracy { get; init; }

    internal Queue<double[][]> History { get; init; } = null!;

    internal List<float[][]> Changes { get; init; } = null!;

    internal Queue<double[][]> Averaged { get; init; } = null!;

    internal (double Drift, double Jitter)[] LayerDiagnostic { get; init; } = null!;

    internal Xoshiro256 Shuffle { get; init; } = null!;

    internal int[] Order { get; init; } = null!;
}
