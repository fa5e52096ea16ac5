using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Theory.Data;
using Theory.Kernels;

namespace Theory.Training;

/// <summary>
/// <see cref="StochasticSoftmax"/> in single precision (<c>theory slopes --float</c>): the same model, loss,
/// estimators and Adam, with parameters, inputs and kernels in float: the two matrix products on
/// <see cref="DenseKernels"/>' float paths, the element-wise work through System.Numerics.Tensors'
/// TensorPrimitives; sigma and its slope come from the double softplus kernel, rounded. Gaussian draws come
/// from the same seeded sampler, which computes them in float, so both precisions see the same noise.
/// Accuracies and the Hessian are measured in double from the float parameters.
/// </summary>
public sealed class StochasticSoftmaxSingle : IStochasticSoftmax
{
    private const int Classes = StochasticSoftmax.Classes;
    private readonly SoftmaxTrainingOptions _options;
    private readonly int _d, _p;
    private readonly GaussianSampler _sampler;
    private readonly Adam<float> _adamMu, _adamPhi;
    private readonly float[] _mu, _phi, _sigma, _slope, _logSigma, _logSlope, _eps, _w, _g, _g2, _gMu, _gPhi, _tmp, _sigma2;
    private readonly float[] _xb, _x2b, _z, _v, _xi, _delta, _delta2;
    private readonly double[] _zD, _deltaD, _shifted, _muD, _sigmaD, _gMuD, _phiD, _slopeD, _logSigmaD, _logSlopeD, _gPhiD;

    /// <summary>Initialises mu and sigma exactly as the double model does, rounded to float.</summary>
    public StochasticSoftmaxSingle(int features, SoftmaxTrainingOptions options)
    {
        _p = StochasticSoftmax.ParameterCount(features, options);
        _options = options;
        _d = features;
        _mu = new float[_p];
        _phi = new float[_p];
        StochasticSoftmax.InitialiseParameters<float>(options, _mu, _phi);
        _sampler = new GaussianSampler(options.Seed ^ 0x5DEECE66DUL);
        _adamMu = new Adam<float>(_p, 0.9, 0.999, 1e-8);
        _adamPhi = new Adam<float>(_p, 0.9, 0.999, 1e-8);
        float[] New(int n) => new float[n];
        _logSlope = New(_p);
        (_sigma, _slope, _logSigma, _eps, _w, _g, _g2, _gMu, _gPhi, _tmp, _sigma2) = (New(_p), New(_p), New(_p), New(_p), New(_p), New(_p), New(_p), New(_p), New(_p), New(_p), New(_p));
        int b = options.BatchSize;
        (_xb, _x2b) = (New(b * _d), New(b * _d));
        (_z, _v, _xi, _delta, _delta2) = (New(b * Classes), New(b * Classes), New(b * Classes), New(b * Classes), New(b * Classes));
        (_zD, _deltaD, _shifted) = (new double[b * Classes], new double[b * Classes], new double[b * Classes]);
        (_muD, _sigmaD, _gMuD) = (new double[_p], new double[_p], new double[_p]);
        (_phiD, _slopeD, _logSigmaD, _logSlopeD, _gPhiD) = (new double[_p], new double[_p], new double[_p], new double[_p], new double[_p]);
        RefreshSigma();
    }

    /// <inheritdoc/>
    public int Parameters => _p;

    /// <inheritdoc/>
    public ReadOnlySpan<double> MeanValues => Widen(_mu, _muD);

    /// <inheritdoc/>
    public ReadOnlySpan<double> Sigma => Widen(_sigma, _sigmaD);

    /// <inheritdoc/>
    public ReadOnlySpan<double> MuGradient => Widen(_gMu, _gMuD);

    /// <summary>The last minibatch's gradient of phi, widened to double.</summary>
    public ReadOnlySpan<double> PhiGradient => Widen(_gPhi, _gPhiD);

    /// <inheritdoc/>
    public (double CrossEntropy, int Correct) ComputeGradients(ImageDataSet data, ReadOnlySpan<int> rows, int trainingSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        int b = rows.Length, d = _d, k = Classes, kd = k * d;
        Span<float> xb = _xb.AsSpan(0, b * d), z = _z.AsSpan(0, b * k), delta = _delta.AsSpan(0, b * k);
        for (int n = 0; n < b; n++)
        {
            data.NormaliseRow(rows[n], xb.Slice(n * d, d));
        }

        if (_options.Estimator == WeightEstimator.Sample)
        {
            _sampler.Fill(_eps);
            TensorPrimitives.FusedMultiplyAdd(_sigma, _eps, _mu, _w);
            DenseKernels.Forward(_w, _w.AsSpan(kd), xb, z, k, d, b);
        }
        else
        {
            Span<float> x2b = _x2b.AsSpan(0, b * d), v = _v.AsSpan(0, b * k), xi = _xi.AsSpan(0, b * k);
            TensorPrimitives.Multiply(xb, xb, x2b);
            TensorPrimitives.Multiply(_sigma, _sigma, _sigma2);
            DenseKernels.Forward(_mu, _mu.AsSpan(kd), xb, z, k, d, b);
            DenseKernels.Forward(_sigma2, _sigma2.AsSpan(kd), x2b, v, k, d, b);
            _sampler.Fill(xi);
            TensorPrimitives.Sqrt(v, v);
            TensorPrimitives.FusedMultiplyAdd(v, xi, z, z);
        }

        Span<double> zD = _zD.AsSpan(0, b * k), deltaD = _deltaD.AsSpan(0, b * k);
        TensorPrimitives.ConvertTruncating<float, double>(z, zD);
        (double ce, int correct) = StochasticSoftmax.SoftmaxDelta(zD, data.Labels, rows, deltaD, _shifted, k);
        TensorPrimitives.ConvertTruncating<double, float>(deltaD, delta);

        DenseKernels.OuterProduct(delta, xb, _g, k, d, b);
        StochasticSoftmax.BiasSum<float>(delta, _g.AsSpan(kd), k, b);
        float[] dataSigmaGradient, multiplier;
        if (_options.Estimator == WeightEstimator.Sample)
        {
            (dataSigmaGradient, multiplier) = (_g, _eps);
        }
        else
        {
            Span<float> delta2 = _delta2.AsSpan(0, b * k);
            TensorPrimitives.Multiply(delta, _xi.AsSpan(0, b * k), delta2);
            TensorPrimitives.Divide(delta2, _v.AsSpan(0, b * k), delta2);
            DenseKernels.OuterProduct(delta2, _x2b.AsSpan(0, b * d), _g2, k, d, b);
            StochasticSoftmax.BiasSum<float>(delta2, _g2.AsSpan(kd), k, b);
            (dataSigmaGradient, multiplier) = (_g2, _sigma);
        }

        double scale = (double)b / trainingSize;
        AddMagnitudeGradient(_g, _mu, (float)(scale * _options.Kappa), _gMu);

        // The reliability derivative -exp(ln((B/N) lambda s^rho) - (rho + 1) ln sigma) times the slope of softplus,
        // summed in the exponent: alone, sigma^-(rho+1) overflows float once sigma is below about 1e-25 (rho 1/2)
        // or 1e-16 (rho 2), while its product with the slope stays in range.
        float logReliability = (float)(Math.Log(scale) + Math.Log(_options.Lambda) + _options.Rho * Math.Log(_options.S));
        TensorPrimitives.Multiply(_logSigma, (float)-(_options.Rho + 1), _tmp);
        TensorPrimitives.Add(_tmp, logReliability, _tmp);
        TensorPrimitives.Add(_tmp, _logSlope, _tmp);
        TensorPrimitives.Exp(_tmp, _tmp);
        TensorPrimitives.Multiply(dataSigmaGradient, multiplier, _gPhi);
        TensorPrimitives.Multiply(_gPhi, _slope, _gPhi);
        TensorPrimitives.Subtract(_gPhi, _tmp, _gPhi);
        return (ce, correct);
    }

    /// <inheritdoc/>
    public void AdamStep()
    {
        _adamMu.Step(_mu, _gMu, _options.LearningRate);
        _adamPhi.Step(_phi, _gPhi, _options.LearningRateSigma ?? _options.LearningRate);
        RefreshSigma();
    }

    /// <inheritdoc/>
    public double[] MuLearningRates() => _adamMu.EffectiveLearningRates(_options.LearningRate);

    /// <inheritdoc/>
    public double AccuracyWithMeanWeights(ImageDataSet data) => StochasticSoftmax.AccuracyWithMeanWeights(MeanValues.ToArray(), _d, data);

    /// <inheritdoc/>
    public double AccuracyWithSampledWeights(ImageDataSet data, ulong seed) =>
        StochasticSoftmax.AccuracyWithSampledWeights(MeanValues.ToArray(), Sigma.ToArray(), _d, _options.BatchSize, data, seed);

    /// <inheritdoc/>
    public double[] HessianDiagonal(ImageDataSet data) => StochasticSoftmax.HessianDiagonal(MeanValues.ToArray(), _d, data);

    // sigma, its slope, ln sigma and ln slope from the double kernel, rounded to float. In float, log(1 + e^phi) cannot
    // be formed directly: 1 + e rounds to a multiple of 2^-23, which made sigma near 1e-4 a step function of
    // phi with 0.1% steps and sigma below 6e-8 zero (TensorPrimitives.LogP1 computes log(1 + x) that way).
    private void RefreshSigma()
    {
        TensorPrimitives.ConvertTruncating<float, double>(_phi, _phiD);
        NoiseKernels.Softplus(_phiD, _sigmaD, _slopeD, _logSigmaD);
        TensorPrimitives.ConvertTruncating<double, float>(_sigmaD, _sigma);
        TensorPrimitives.ConvertTruncating<double, float>(_slopeD, _slope);
        TensorPrimitives.ConvertTruncating<double, float>(_logSigmaD, _logSigma);
        TensorPrimitives.Subtract(_phiD, _sigmaD, _logSlopeD); // ln logistic(phi) = phi - softplus(phi)
        TensorPrimitives.ConvertTruncating<double, float>(_logSlopeD, _logSlope);
    }

    /// <summary>gMu = g + magnitude sign(mu), with sign(0) = 0 as in the double model.</summary>
    private static void AddMagnitudeGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> mu, float magnitude, Span<float> gMu)
    {
        Simd.RequireLength(mu.Length, "g, mu, gMu", g.Length, gMu.Length);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mag = Vector256.Create(magnitude);
            for (; i + Vector256<float>.Count <= mu.Length; i += Vector256<float>.Count)
            {
                var m = Simd.Load256(mu, i);
                Vector256<float> signed = Vector256.ConditionalSelect(Vector256.GreaterThan(m, Vector256<float>.Zero), mag, Vector256<float>.Zero)
                    - Vector256.ConditionalSelect(Vector256.LessThan(m, Vector256<float>.Zero), mag, Vector256<float>.Zero);
                Simd.Store256(Simd.Load256(g, i) + signed, gMu, i);
            }
        }

        for (; i < mu.Length; i++)
        {
            gMu[i] = g[i] + (mu[i] > 0 ? magnitude : mu[i] < 0 ? -magnitude : 0f);
        }
    }

    private static ReadOnlySpan<double> Widen(float[] source, double[] buffer)
    {
        TensorPrimitives.ConvertTruncating<float, double>(source, buffer);
        return buffer;
    }
}
