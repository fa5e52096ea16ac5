using Theory.Data;
using Theory.Kernels;

namespace Theory.Training;

/// <summary>
/// What is measured on a trained network, in double whatever precision it trained in: test accuracies, the exact
/// Hessian diagonal of the data-summed cross-entropy at the means (THEORY.md section 9's Gauss-Newton identity) and
/// how often each hidden unit fires.
/// </summary>
public static class NetworkMeasurements
{
    private const int Chunk = 100;

    /// <summary>Test accuracy with the mean weights.</summary>
    public static double AccuracyWithMeanWeights(NetworkShape shape, ReadOnlySpan<double> mu, ImageDataSet data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var buffers = new Buffers(shape, Chunk);
        int correct = 0;
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int b = Math.Min(Chunk, data.Count - start);
            data.NormaliseRows(start, b, buffers.H[0]);
            Propagate(shape, mu, buffers, b);
            correct += CountCorrect(buffers.Logits, data.Labels.AsSpan(start, b), shape.Classes, b);
        }

        return (double)correct / data.Count;
    }

    /// <summary>The logits of every image with the mean weights (images x classes, row-major): what a PyTorch module's forward gives.</summary>
    public static double[] LogitsWithMeanWeights(NetworkShape shape, ReadOnlySpan<double> mu, ImageDataSet data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var buffers = new Buffers(shape, Chunk);
        var logits = new double[data.Count * shape.Classes];
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int b = Math.Min(Chunk, data.Count - start);
            data.NormaliseRows(start, b, buffers.H[0]);
            Propagate(shape, mu, buffers, b);
            buffers.Logits.AsSpan(0, b * shape.Classes).CopyTo(logits.AsSpan(start * shape.Classes));
        }

        return logits;
    }

    /// <summary>Test accuracy with one weight sample (from <paramref name="seed"/>) per minibatch of <paramref name="batch"/> images.</summary>
    public static double AccuracyWithSampledWeights(NetworkShape shape, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, int batch, ImageDataSet data, ulong seed) =>
        SampledScores(shape, mu, sigma, batch, data, seed).Accuracy;

    /// <summary>
    /// Accuracy, mean negative log-likelihood and expected calibration error of the predictions with one weight sample
    /// (from <paramref name="seed"/>) per minibatch of <paramref name="batch"/> images: the same draws as
    /// <see cref="AccuracyWithSampledWeights"/>.
    /// </summary>
    public static PredictiveScores SampledScores(NetworkShape shape, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, int batch, ImageDataSet data, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be at least 1.");
        }

        var buffers = new Buffers(shape, batch);
        var eps = new double[mu.Length];
        var w = new double[mu.Length];
        var p = new double[shape.Classes];
        var sampler = new GaussianSampler(seed);
        var bins = new CalibrationBins();
        int correct = 0;
        double nll = 0;
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            sampler.Fill(eps);
            NoiseKernels.SampleWeights(mu, sigma, eps, w);
            data.NormaliseRows(start, b, buffers.H[0]);
            Propagate(shape, w, buffers, b);
            for (int n = 0; n < b; n++)
            {
                ReadOnlySpan<double> z = buffers.Logits.AsSpan(n * shape.Classes, shape.Classes);
                int label = data.Labels[start + n], guess = ArgMax(z);
                correct += guess == label ? 1 : 0;
                nll += LogSumExp(z) - z[label];
                Softmax(z, p);
                bins.Add(p[guess], guess == label);
            }
        }

        return new PredictiveScores((double)correct / data.Count, nll / data.Count, bins.ExpectedCalibrationError());
    }

    private static double LogSumExp(ReadOnlySpan<double> z)
    {
        double max = z[ArgMax(z)], sum = 0;
        foreach (double v in z)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// The exact Hessian diagonal of the data-summed cross-entropy at the means, for every parameter (the flat vector of
    /// <paramref name="shape"/>), and the firing statistics of every layer's input units over <paramref name="data"/>.
    /// </summary>
    /// <remarks>
    /// The network is piecewise linear in each single weight, so the diagonal equals the Gauss-Newton diagonal
    /// sum_t sum_c ((S_t^T J_t)_cw)^2 with S_t = diag(sqrt p_t) - p_t sqrt(p_t)^T (S S^T = diag p - p p^T): for each
    /// class c, one backward pass from the logit delta S_t[:, c]; a weight's term is delta^2 h^2, so the passes' squared
    /// deltas are summed first and each layer then needs one product (sum_c delta o delta)^T (h o h).
    /// </remarks>
    public static (double[] Hessian, UnitActivity[] Activity) HessianDiagonal(NetworkShape shape, ReadOnlySpan<double> mu, ImageDataSet data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        int layers = shape.Layers, classes = shape.Classes;
        var buffers = new Buffers(shape, Chunk);
        var hessian = new double[shape.Parameters];
        double[][] squares = [.. shape.Outputs.Select(k => new double[Chunk * k])];
        double[][] deltas = [.. shape.Outputs.Select(k => new double[Chunk * k])];
        var dh = new double[Chunk * shape.MaxWidth];
        var h2 = new double[Chunk * shape.MaxWidth];
        var part = new double[shape.Inputs.Zip(shape.Outputs, (d, k) => d * k).Max()];
        var p = new double[Chunk * classes];
        double[][] active = [.. shape.Inputs.Select(d => new double[d])];
        double[][] meanAbs = [.. shape.Inputs.Select(d => new double[d])];
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int b = Math.Min(Chunk, data.Count - start);
            data.NormaliseRows(start, b, buffers.H[0]);
            Propagate(shape, mu, buffers, b);
            for (int l = 1; l < layers; l++)
            {
                CountActivity(buffers.H[l], shape.Inputs[l], b, active[l], meanAbs[l]);
            }

            for (int n = 0; n < b; n++)
            {
                Softmax(buffers.Logits.AsSpan(n * classes, classes), p.AsSpan(n * classes, classes));
            }

            foreach (double[] s in squares)
            {
                Array.Clear(s);
            }

            for (int c = 0; c < classes; c++)
            {
                Span<double> top = deltas[layers - 1].AsSpan(0, b * classes);
                for (int n = 0; n < b; n++)
                {
                    double root = Math.Sqrt(p[n * classes + c]);
                    for (int k = 0; k < classes; k++)
                    {
                        top[n * classes + k] = ((k == c ? 1 : 0) - p[n * classes + k]) * root;
                    }
                }

                if (shape.ReluAfter(layers - 1))
                {
                    DenseKernels.MaskByPositive<double>(top, buffers.A[layers - 1].AsSpan(0, b * classes));
                }

                for (int l = layers - 1; l >= 0; l--)
                {
                    int k = shape.Outputs[l], d = shape.Inputs[l];
                    Span<double> delta = deltas[l].AsSpan(0, b * k);
                    Span<double> sum = squares[l].AsSpan(0, b * k);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(delta, delta, sum, sum); // (delta * delta) + sum, unfused
                    if (l == 0)
                    {
                        break;
                    }

                    Span<double> below = deltas[l - 1].AsSpan(0, b * d);
                    DenseKernels.InputGradient<double>(delta, mu[shape.WeightOffset[l]..], below, k, d, b);
                    if (shape.ReluAfter(l - 1))
                    {
                        DenseKernels.MaskByPositive<double>(below, buffers.A[l - 1].AsSpan(0, b * d));
                    }
                }
            }

            for (int l = 0; l < layers; l++)
            {
                int k = shape.Outputs[l], d = shape.Inputs[l];
                ReadOnlySpan<double> h = buffers.H[l].AsSpan(0, b * d);
                Span<double> hh = h2.AsSpan(0, b * d);
                System.Numerics.Tensors.TensorPrimitives.Multiply(h, h, hh);
                Span<double> weights = part.AsSpan(0, k * d);
                DenseKernels.OuterProduct<double>(squares[l].AsSpan(0, b * k), hh, weights, k, d, b);
                System.Numerics.Tensors.TensorPrimitives.Add(hessian.AsSpan(shape.WeightOffset[l], k * d), weights, hessian.AsSpan(shape.WeightOffset[l], k * d));
                Span<double> bias = part.AsSpan(0, k);
                DenseKernels.BiasSum<double>(squares[l].AsSpan(0, b * k), bias, k, b);
                System.Numerics.Tensors.TensorPrimitives.Add(hessian.AsSpan(shape.BiasOffset[l], k), bias, hessian.AsSpan(shape.BiasOffset[l], k));
            }
        }

        var activity = new UnitActivity[layers];
        activity[0] = new UnitActivity(data.InputRate(), data.MeanAbsoluteInput());
        for (int l = 1; l < layers; l++)
        {
            activity[l] = new UnitActivity([.. active[l].Select(v => v / data.Count)], [.. meanAbs[l].Select(v => v / data.Count)]);
        }

        return (hessian, activity);
    }

    /// <summary>The forward pass with weights <paramref name="w"/> (the flat vector) on the first <paramref name="b"/> rows of buffers.H[0].</summary>
    private static void Propagate(NetworkShape shape, ReadOnlySpan<double> w, Buffers buffers, int b)
    {
        for (int l = 0; l < shape.Layers; l++)
        {
            int d = shape.Inputs[l], k = shape.Outputs[l];
            Span<double> a = buffers.A[l].AsSpan(0, b * k);
            DenseKernels.Forward<double>(w[shape.WeightOffset[l]..], w[shape.BiasOffset[l]..], buffers.H[l].AsSpan(0, b * d), a, k, d, b);
            Span<double> next = l < shape.Layers - 1 ? buffers.H[l + 1].AsSpan(0, b * k) : buffers.Logits.AsSpan(0, b * k);
            if (shape.ReluAfter(l))
            {
                System.Numerics.Tensors.TensorPrimitives.Max(a, 0.0, next);
            }
            else
            {
                a.CopyTo(next);
            }
        }
    }

    private static void CountActivity(ReadOnlySpan<double> h, int d, int b, double[] active, double[] meanAbs)
    {
        for (int n = 0; n < b; n++)
        {
            for (int j = 0; j < d; j++)
            {
                double v = h[n * d + j];
                active[j] += v > 0 ? 1 : 0;
                meanAbs[j] += Math.Abs(v);
            }
        }
    }

    private static void Softmax(ReadOnlySpan<double> z, Span<double> p)
    {
        double max = z[ArgMax(z)];
        double sum = 0;
        for (int r = 0; r < z.Length; r++)
        {
            p[r] = Math.Exp(z[r] - max);
            sum += p[r];
        }

        for (int r = 0; r < z.Length; r++)
        {
            p[r] /= sum;
        }
    }

    private static int ArgMax(ReadOnlySpan<double> z)
    {
        int best = 0;
        for (int r = 1; r < z.Length; r++)
        {
            if (z[r] > z[best])
            {
                best = r;
            }
        }

        return best;
    }

    private static int CountCorrect(ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, int classes, int b)
    {
        int correct = 0;
        for (int n = 0; n < b; n++)
        {
            correct += ArgMax(z.Slice(n * classes, classes)) == labels[n] ? 1 : 0;
        }

        return correct;
    }

    private sealed class Buffers(NetworkShape shape, int batch)
    {
        public double[][] H { get; } = [.. shape.Inputs.Select(d => new double[batch * d])];

        public double[][] A { get; } = [.. shape.Outputs.Select(k => new double[batch * k])];

        public double[] Logits { get; } = new double[batch * shape.Classes];
    }
}

/// <summary>
/// How often a layer's input units are on: for layer 0 the pixels (fraction of images with a non-zero pixel, and the
/// mean |x| of the normalised pixel, as the published code's "input rate"); for deeper layers the presynaptic units at
/// the mean weights (fraction of examples with h &gt; 0, and mean |h|, the mean activation after a ReLU).
/// </summary>
/// <param name="Rate">Per input unit, the fraction of examples on which it is on.</param>
/// <param name="MeanAbsolute">Per input unit, the mean |value|.</param>
public sealed record UnitActivity(double[] Rate, double[] MeanAbsolute);

/// <summary>How good a network's predictive distribution is on a data set.</summary>
/// <param name="Accuracy">Fraction of images whose most probable class is the label.</param>
/// <param name="NegativeLogLikelihood">Mean -ln p(label) in nats.</param>
/// <param name="CalibrationError">Expected calibration error over <see cref="CalibrationBins.Count"/> equal-width bins of
/// confidence (the top class's probability): sum over bins of (bin size / n) |accuracy - mean confidence|.</param>
public sealed record PredictiveScores(double Accuracy, double NegativeLogLikelihood, double CalibrationError);

/// <summary>Confidence bins for the expected calibration error (Guo et al. 2017): 15 equal-width bins on [0, 1].</summary>
public sealed class CalibrationBins
{
    /// <summary>Bins on [0, 1].</summary>
    public const int Count = 15;

    private readonly double[] _confidence = new double[Count];
    private readonly int[] _correct = new int[Count], _size = new int[Count];
    private int _total;

    /// <summary>Adds one prediction: its confidence in [0, 1] and whether it was right. Bin k holds (k/15, (k+1)/15], bin 0 also 0.</summary>
    public void Add(double confidence, bool correct)
    {
        int k = Math.Clamp((int)Math.Ceiling(confidence * Count) - 1, 0, Count - 1);
        _confidence[k] += confidence;
        _correct[k] += correct ? 1 : 0;
        _size[k]++;
        _total++;
    }

    /// <summary>sum_k (n_k / n) |acc_k - conf_k|; NaN before any prediction.</summary>
    public double ExpectedCalibrationError()
    {
        double ece = 0;
        for (int k = 0; k < Count; k++)
        {
            if (_size[k] > 0)
            {
                ece += Math.Abs(_correct[k] - _confidence[k]) / _total;
            }
        }

        return _total == 0 ? double.NaN : ece;
    }
}
