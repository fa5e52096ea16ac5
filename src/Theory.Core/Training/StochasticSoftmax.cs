using System.Numerics.Tensors;
using Theory.Data;
using Theory.Kernels;

namespace Theory.Training;

/// <summary>
/// A 784 -> 10 softmax classifier whose weights and biases are stochastic, w ~ N(mu, sigma^2) with
/// sigma = softplus(phi), trained by Adam on the paper's per-minibatch loss
/// B mean CE + (B/N) lambda sum (1/rho)(s/sigma)^rho + (B/N) kappa sum |mu| (THEORY.md section 2).
/// </summary>
/// <remarks>
/// Parameters are flat: the first K*D entries are the weights, row-major (class k, pixel j at k*D + j),
/// the last K the biases. Biases are stochastic and pay both costs like weights.
/// </remarks>
public sealed class StochasticSoftmax : IStochasticSoftmax
{
    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    private readonly SoftmaxTrainingOptions _options;
    private readonly int _d;
    private readonly int _p;
    private readonly GaussianSampler _sampler;
    private readonly AlignedArray<double> _mu, _phi;
    private readonly Adam _adamMu;
    private readonly Adam _adamPhi;
    // Vector-loaded buffers are 64-byte aligned (see AlignedArray); the small per-example ones need not be.
    private readonly AlignedArray<double>[] _buffers;
    private readonly double[] _z, _v, _xi, _delta, _delta2, _shifted;

    private Span<double> SigmaBuffer => _buffers[0].Span;

    private Span<double> SlopeBuffer => _buffers[1].Span;

    private Span<double> LogSigmaBuffer => _buffers[2].Span;

    private Span<double> EpsBuffer => _buffers[3].Span;

    private Span<double> WeightBuffer => _buffers[4].Span;

    private Span<double> GBuffer => _buffers[5].Span;

    private Span<double> G2Buffer => _buffers[6].Span;

    private Span<double> GMuBuffer => _buffers[7].Span;

    private Span<double> GPhiBuffer => _buffers[8].Span;

    private Span<double> Sigma2Buffer => _buffers[9].Span;

    private Span<double> XBuffer => _buffers[10].Span;

    private Span<double> X2Buffer => _buffers[11].Span;

    /// <summary>Initialises mu ~ U(-range, range) and sigma = the initial sigma, from the options' seed.</summary>
    public StochasticSoftmax(int features, SoftmaxTrainingOptions options)
    {
        _p = ParameterCount(features, options);
        _options = options;
        _d = features;
        _mu = new AlignedArray<double>(_p);
        _phi = new AlignedArray<double>(_p);
        InitialiseParameters(options, Mu, Phi);

        _sampler = new GaussianSampler(options.Seed ^ 0x5DEECE66DUL);
        _adamMu = new Adam(_p);
        _adamPhi = new Adam(_p);
        int b = options.BatchSize;
        _buffers = [.. Enumerable.Range(0, 12).Select(i => new AlignedArray<double>(i < 10 ? _p : b * _d))];
        _z = new double[b * Classes];
        _shifted = new double[b * Classes];
        _v = new double[b * Classes];
        _xi = new double[b * Classes];
        _delta = new double[b * Classes];
        _delta2 = new double[b * Classes];
        NoiseKernels.Softplus(Phi, SigmaBuffer, SlopeBuffer, LogSigmaBuffer);
    }

    /// <summary>Pixels per input.</summary>
    public int Features => _d;

    /// <summary>Total parameters per group (weights and biases).</summary>
    public int Parameters => _p;

    /// <summary>Means mu (weights then biases).</summary>
    public Span<double> Mu => _mu.Span;

    /// <summary>phi, with sigma = softplus(phi).</summary>
    public Span<double> Phi => _phi.Span;

    /// <summary>The current sigma (weights then biases).</summary>
    public ReadOnlySpan<double> Sigma => SigmaBuffer;

    /// <inheritdoc/>
    public ReadOnlySpan<double> MeanValues => Mu;

    /// <summary>The last minibatch's gradient of mu (for Fisher accumulation).</summary>
    public ReadOnlySpan<double> MuGradient => GMuBuffer;

    /// <summary>The last minibatch's gradient of phi.</summary>
    public ReadOnlySpan<double> PhiGradient => GPhiBuffer;

    /// <summary>Adam's per-parameter learning rate for mu, lr / (sqrt(vhat) + eps).</summary>
    public double[] MuLearningRates() => _adamMu.EffectiveLearningRates(_options.LearningRate);

    /// <summary>
    /// Computes the gradients of one minibatch's loss (rows <paramref name="rows"/> of <paramref name="data"/>,
    /// out of a training set of <paramref name="trainingSize"/>); returns the summed cross-entropy and the
    /// number classified correctly by the sampled logits.
    /// </summary>
    public (double CrossEntropy, int Correct) ComputeGradients(ImageDataSet data, ReadOnlySpan<int> rows, int trainingSize)
    {
        if (_options.Estimator == WeightEstimator.Sample)
        {
            SampleWeights();
        }

        (double ce, int correct) = DataGradient(data, rows);
        ParameterGradients(rows.Length, trainingSize);
        return (ce, correct);
    }

    /// <summary>The first of <see cref="ComputeGradients"/>'s three phases (one weight sample per minibatch only): draws eps and w = mu + sigma eps.</summary>
    internal void SampleWeights()
    {
        _sampler.Fill(EpsBuffer);
        NoiseKernels.SampleWeights(Mu, SigmaBuffer, EpsBuffer, WeightBuffer);
    }

    /// <summary>
    /// The second phase: gathers the rows, forms the logits, the softmax cross-entropy and its gradient with
    /// respect to the weights (and, for the local trick, to their standard deviations).
    /// </summary>
    internal (double CrossEntropy, int Correct) DataGradient(ImageDataSet data, ReadOnlySpan<int> rows)
    {
        int b = rows.Length, d = _d, k = Classes, kd = k * d;
        Span<double> xb = XBuffer[..(b * d)];
        for (int n = 0; n < b; n++)
        {
            // From the raw bytes through the normalisation table: an eighth of the memory traffic of the doubles.
            data.NormaliseRow(rows[n], xb.Slice(n * d, d));
        }

        Span<double> z = _z.AsSpan(0, b * k), delta = _delta.AsSpan(0, b * k);
        if (_options.Estimator == WeightEstimator.Sample)
        {
            DenseKernels.Forward(WeightBuffer, WeightBuffer[kd..], xb, z, k, d, b);
        }
        else
        {
            Span<double> x2b = X2Buffer[..(b * d)], v = _v.AsSpan(0, b * k), xi = _xi.AsSpan(0, b * k);
            // TensorPrimitives' element-wise products, square roots and quotients round exactly as the scalar
            // loops they replaced (one IEEE operation each; MultiplyAdd is not fused).
            TensorPrimitives.Multiply(xb, xb, x2b);
            TensorPrimitives.Multiply(SigmaBuffer, SigmaBuffer, Sigma2Buffer);

            DenseKernels.Forward(Mu, Mu[kd..], xb, z, k, d, b);
            DenseKernels.Forward(Sigma2Buffer, Sigma2Buffer[kd..], x2b, v, k, d, b);
            _sampler.Fill(xi);
            TensorPrimitives.Sqrt(v, v); // now the logits' standard deviation
            TensorPrimitives.MultiplyAdd(v, xi, z, z);
        }

        (double ce, int correct) = SoftmaxDelta(z, data.Labels, rows, delta, _shifted, k);

        DenseKernels.OuterProduct(delta, xb, GBuffer, k, d, b);
        BiasSum(delta, GBuffer[kd..], k, b);
        if (_options.Estimator == WeightEstimator.Local)
        {
            // d z / d sigma_kj = xi sigma_kj x_j^2 / sd: the outer product of delta xi / sd with x^2, times sigma.
            Span<double> delta2 = _delta2.AsSpan(0, b * k);
            TensorPrimitives.Multiply(delta, _xi.AsSpan(0, b * k), delta2);
            TensorPrimitives.Divide(delta2, _v.AsSpan(0, b * k), delta2);

            DenseKernels.OuterProduct(delta2, X2Buffer[..(b * d)], G2Buffer, k, d, b);
            BiasSum(delta2, G2Buffer[kd..], k, b);
        }

        return (ce, correct);
    }

    /// <summary>
    /// The third phase: the gradients of mu and phi from the data term's, the reliability cost and the magnitude
    /// cost, both scaled by the minibatch's share <paramref name="batchSize"/> / <paramref name="trainingSize"/>.
    /// </summary>
    internal void ParameterGradients(int batchSize, int trainingSize)
    {
        double scale = (double)batchSize / trainingSize;
        var c = new GradientCoefficients(
            scale * _options.Kappa,
            Math.Log(scale) + Math.Log(_options.Lambda) + _options.Rho * Math.Log(_options.S),
            _options.Rho + 1);
        if (_options.Estimator == WeightEstimator.Sample)
        {
            NoiseKernels.ParameterGradients(GBuffer, GBuffer, EpsBuffer, Mu, LogSigmaBuffer, SlopeBuffer, GMuBuffer, GPhiBuffer, c);
        }
        else
        {
            NoiseKernels.ParameterGradients(GBuffer, G2Buffer, SigmaBuffer, Mu, LogSigmaBuffer, SlopeBuffer, GMuBuffer, GPhiBuffer, c);
        }
    }

    /// <summary>Validates the settings and returns K*D + K, the parameters per group; both precisions use it.</summary>
    internal static int ParameterCount(int features, SoftmaxTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return Classes * features + Classes;
    }

    /// <summary>mu ~ U(-range, range) from the options' seed, and phi = softplus^-1(initial sigma); both precisions use it.</summary>
    internal static void InitialiseParameters<T>(SoftmaxTrainingOptions options, Span<T> mu, Span<T> phi)
        where T : System.Numerics.IFloatingPoint<T>
    {
        var init = new Stats.Xoshiro256(options.Seed);
        T phi0 = T.CreateTruncating(Softplus.Inverse(options.InitialSigma));
        for (int i = 0; i < mu.Length; i++)
        {
            mu[i] = T.CreateTruncating(options.InitialMuRange * (2 * init.NextDouble() - 1));
            phi[i] = phi0;
        }
    }

    /// <summary>Recomputes sigma = softplus(phi) after <see cref="Phi"/> was set from outside.</summary>
    public void RefreshSigma() => NoiseKernels.Softplus(Phi, SigmaBuffer, SlopeBuffer, LogSigmaBuffer);

    /// <summary>One Adam step of mu and phi with the gradients of the last <see cref="ComputeGradients"/>.</summary>
    public void AdamStep()
    {
        _adamMu.Step(Mu, GMuBuffer, _options.LearningRate);
        _adamPhi.Step(Phi, GPhiBuffer, _options.LearningRateSigma ?? _options.LearningRate);
        NoiseKernels.Softplus(Phi, SigmaBuffer, SlopeBuffer, LogSigmaBuffer);
    }

    /// <summary>Reliability and magnitude costs of the whole network: lambda sum (1/rho)(s/sigma)^rho and kappa sum |mu|.</summary>
    public (double Reliability, double Magnitude) Costs()
    {
        double rel = 0, mag = 0;
        for (int i = 0; i < _p; i++)
        {
            rel += Analytic.ReliabilityCost.ValueUnchecked(_options.Rho, _options.S, _options.Lambda, SigmaBuffer[i]);
            mag += Math.Abs(Mu[i]);
        }

        return (rel, _options.Kappa * mag);
    }

    /// <summary>Test accuracy with the mean weights.</summary>
    public double AccuracyWithMeanWeights(ImageDataSet data) => AccuracyWithMeanWeights(Mu, _d, data);

    /// <summary>Test accuracy with one weight sample per minibatch of the training batch size.</summary>
    public double AccuracyWithSampledWeights(ImageDataSet data, ulong seed) => AccuracyWithSampledWeights(Mu, SigmaBuffer, _d, _options.BatchSize, data, seed);

    /// <summary>
    /// Exact Hessian diagonal of the data-summed cross-entropy at the mean weights (THEORY.md section 6):
    /// H_kj = sum_t p_tk (1 - p_tk) x_tj^2; biases with x = 1.
    /// </summary>
    public double[] HessianDiagonal(ImageDataSet data) => HessianDiagonal(Mu, _d, data);

    internal static double AccuracyWithMeanWeights(ReadOnlySpan<double> mu, int features, ImageDataSet data)
    {
        const int chunk = 100;
        var z = new double[chunk * Classes];
        var x = new double[chunk * features];
        int correct = 0;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int b = Math.Min(chunk, data.Count - start);
            data.NormaliseRows(start, b, x);
            DenseKernels.Forward(mu, mu[(Classes * features)..], x.AsSpan(0, b * features), z, Classes, features, b);
            correct += CountCorrect(z, data.Labels.AsSpan(start, b), b);
        }

        return (double)correct / data.Count;
    }

    internal static double AccuracyWithSampledWeights(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, int features, int batch, ImageDataSet data, ulong seed)
    {
        var z = new double[batch * Classes];
        var eps = new double[mu.Length];
        var w = new double[mu.Length];
        var x = new double[batch * features];
        var sampler = new GaussianSampler(seed);
        int correct = 0;
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            sampler.Fill(eps);
            NoiseKernels.SampleWeights(mu, sigma, eps, w);
            data.NormaliseRows(start, b, x);
            DenseKernels.Forward(w, w.AsSpan(Classes * features), x.AsSpan(0, b * features), z, Classes, features, b);
            correct += CountCorrect(z, data.Labels.AsSpan(start, b), b);
        }

        return (double)correct / data.Count;
    }

    internal static double[] HessianDiagonal(ReadOnlySpan<double> mu, int features, ImageDataSet data)
    {
        const int chunk = 100;
        int kd = Classes * features;
        var h = new double[mu.Length];
        var part = new double[kd];
        var z = new double[chunk * Classes];
        var x = new double[chunk * features];
        var x2 = new double[chunk * features];
        for (int start = 0; start < data.Count; start += chunk)
        {
            int b = Math.Min(chunk, data.Count - start);
            data.NormaliseRows(start, b, x);
            ReadOnlySpan<double> xb = x.AsSpan(0, b * features);
            DenseKernels.Forward(mu, mu[kd..], xb, z, Classes, features, b);
            for (int n = 0; n < b; n++)
            {
                Span<double> zn = z.AsSpan(n * Classes, Classes);
                Softmax(zn);
                for (int r = 0; r < Classes; r++)
                {
                    zn[r] *= 1 - zn[r];
                    h[kd + r] += zn[r];
                }
            }

            for (int i = 0; i < b * features; i++)
            {
                x2[i] = xb[i] * xb[i];
            }

            DenseKernels.OuterProduct(z.AsSpan(0, b * Classes), x2.AsSpan(0, b * features), part, Classes, features, b);
            for (int i = 0; i < kd; i++)
            {
                h[i] += part[i];
            }
        }

        return h;
    }

    internal static (double CrossEntropy, int Correct) SoftmaxDelta(
        Span<double> z, byte[] labels, ReadOnlySpan<int> rows, Span<double> delta, Span<double> scratch, int k)
    {
        int b = rows.Length;
        Span<byte> y = stackalloc byte[b];
        for (int n = 0; n < b; n++)
        {
            y[n] = labels[rows[n]];
        }

        return SoftmaxKernel.Delta(z, y, delta, scratch, k, b);
    }

    private static void Softmax(Span<double> z)
    {
        double max = z[ArgMax(z)];
        double sum = 0;
        for (int r = 0; r < z.Length; r++)
        {
            z[r] = Math.Exp(z[r] - max);
            sum += z[r];
        }

        for (int r = 0; r < z.Length; r++)
        {
            z[r] /= sum;
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

    private static int CountCorrect(ReadOnlySpan<double> z, ReadOnlySpan<byte> labels, int b)
    {
        int correct = 0;
        for (int n = 0; n < b; n++)
        {
            correct += ArgMax(z.Slice(n * Classes, Classes)) == labels[n] ? 1 : 0;
        }

        return correct;
    }

    internal static void BiasSum<T>(ReadOnlySpan<T> delta, Span<T> bias, int k, int b)
        where T : System.Numerics.INumber<T>
    {
        bias.Clear();
        for (int n = 0; n < b; n++)
        {
            for (int r = 0; r < k; r++)
            {
                bias[r] += delta[n * k + r];
            }
        }
    }
}
