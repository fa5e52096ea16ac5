using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Theory.Data;
using Theory.Kernels;

namespace Theory.Training;

/// <summary>
/// A stack of stochastic dense layers, w ~ N(mu, sigma^2) with sigma = softplus(phi) for every weight and bias,
/// ReLUs where the <see cref="NetworkShape"/>'s layout puts them, softmax cross-entropy on the logits, trained by
/// Adam on the paper's per-minibatch loss D B mean CE (D = 1 unless <see cref="SoftmaxTrainingOptions.DataScale"/> says otherwise) + (B/N) lambda sum (1/rho)(s/sigma)^rho + (B/N) kappa sum |mu|
/// over all layers (THEORY.md sections 2 and 9). One engine for every depth: with no hidden layer it is the
/// softmax classifier of section 6, and in double it computes that model's numbers bit for bit as before.
/// </summary>
/// <typeparam name="T">double (the default) or float (<c>--float</c>).</typeparam>
/// <remarks>
/// <para>The batch products of each layer run on <see cref="DenseKernels"/> (forward h W^T, weight gradient
/// delta^T h, input gradient delta W). The per-parameter work (sample, parameter gradients, Adam, softplus) runs
/// over the flat parameter vector in stripes of <see cref="Stripe"/> parameters; each stripe draws its weight noise
/// from its own seeded sampler, so the draws do not depend on how many threads share the stripes, and
/// <see cref="SoftmaxTrainingOptions.Threads"/> changes the speed, never the bits.</para>
/// <para>With several threads the loops run on a <see cref="WorkerTeam"/> (about a microsecond a loop where
/// Parallel.For took 8-11, and eleven loops a minibatch), and each thread owns the parameters of the output rows its
/// share of the batch products computes (<see cref="OwnedRanges"/>): it samples them, writes their gradient rows and
/// steps them, so they stay in its core's caches. Layers with fewer than <see cref="MinSplitWeights"/> weights a thread run
/// their products on the calling thread; their parameters are still shared out by rows, to balance the element-wise phases.</para>
/// <para>The element-wise kernels differ by precision where precision demands it (double: the hand-written
/// <see cref="NoiseKernels"/>; float: their float twins, the softplus and the parameter gradients with the reliability derivative
/// formed in the exponent); everything else is this one generic body.</para>
/// </remarks>
public sealed class StochasticNetwork<T> : IStochasticNetwork
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Parameters per stripe of the per-parameter work (a multiple of every vector width and of the sampler's block).</summary>
    public const int Stripe = 8192;

    /// <summary>Most parameters one call of an element-wise kernel takes (a quarter stripe, 16 KB in double, so that a pass's arrays stay in L1 and L2).</summary>
    private const int Block = 2048;

    /// <summary>
    /// Weights per thread below which a layer's batch products stay on the calling thread: split across two threads
    /// (2-core Zen 5), the deep network's 10 x 100 logit layer took 4.7 and 3.5 us per minibatch for its forward product
    /// and weight gradient against 1.7 and 1.2 us on one, the wake-up and the exchange of the rows costing more than the
    /// work; its 100 x 100 layer (5000 weights a thread) about broke even, and splitting it measured a little faster in
    /// whole epochs (1.12-1.20 s against 1.16-1.38 s, four alternating runs each).
    /// </summary>
    private const int MinSplitWeights = 4096;

    /// <summary>
    /// Parameters below which a network ignores <see cref="SoftmaxTrainingOptions.Threads"/> and runs on the calling
    /// thread: the 784 -> 10 classifier (7850) took 0.18-0.19 s an epoch on two threads against 0.16 s on one.
    /// </summary>
    private const int MinTeamParameters = 32768;

    private static readonly bool IsDouble = typeof(T) == typeof(double);
    private readonly SoftmaxTrainingOptions _options;
    private readonly NetworkShape _shape;
    private readonly int _p;
    private readonly GaussianSampler[] _samplers;
    private readonly Adam<T> _adamMu, _adamPhi;
    private readonly AlignedArray<T> _mu, _phi, _sigma, _slope, _logSigma, _eps, _w, _g, _g2, _gMu, _gPhi, _sigma2;

    // Float only: ln slope. Variational only: scratch.
    private readonly T[] _logSlope = [], _scratch = [];

    // Per layer: inputs h (h[0] = x), their squares (local trick), pre-activations a, their variances v and noise xi
    // (local trick), deltas and the local trick's sigma deltas. Per-example buffers are B x width, row-major.
    private readonly AlignedArray<T>[] _h, _h2;
    private readonly T[][] _a, _v, _xi, _delta, _delta2;
    private readonly T[] _logits, _dh2;
    private readonly double[] _zD, _deltaD, _shifted;
    private readonly double[] _muView, _sigmaView, _gMuView, _gPhiView;
    private readonly WorkerTeam? _team;
    private readonly int _stripes, _threads;
    private readonly (int Start, int Length)[][] _owned; // per thread: the parameter ranges its element-wise phases run on
    private readonly T[][] _partIn, _partOut; // per thread: a layer's deltas or outputs for its share of the rows

    /// <summary>Initialises mu ~ U(-range, range) and sigma = the initial sigma, from the options' seed.</summary>
    public StochasticNetwork(int features, SoftmaxTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _shape = new NetworkShape(features, options.Hidden, ImageDataSet.Classes, options.Layout);
        _options = options;
        _p = _shape.Parameters;
        AlignedArray<T> New() => new(_p);
        (_mu, _phi, _sigma, _slope, _logSigma, _eps) = (New(), New(), New(), New(), New(), New());
        (_w, _g, _g2, _gMu, _gPhi, _sigma2) = (New(), New(), New(), New(), New(), New());
        InitialiseParameters(options, _shape, Mu, Phi);
        if (options.Objective == TrainingObjective.Variational)
        {
            _scratch = new T[_p];
        }

        if (!IsDouble)
        {
            _logSlope = new T[_p];
        }

        _stripes = (_p + Stripe - 1) / Stripe;
        _samplers = [.. Enumerable.Range(0, _stripes).Select(s => new GaussianSampler(StripeSeed(options.Seed, s)))];
        _adamMu = new Adam<T>(_p, 0.9, 0.999, 1e-8);
        _adamPhi = new Adam<T>(_p, 0.9, 0.999, 1e-8);
        _team = options.Threads > 1 && _p >= MinTeamParameters ? new WorkerTeam(options.Threads) : null;
        _threads = _team is null ? 1 : options.Threads; // the team's size: a network too small for one runs as on one thread
        _owned = [.. Enumerable.Range(0, _threads).Select(OwnedRanges)];

        int b = options.BatchSize;
        _h = [.. _shape.Inputs.Select(d => new AlignedArray<T>(b * d))];
        _h2 = [.. _shape.Inputs.Select(d => new AlignedArray<T>(b * d))];
        T[][] PerOutput() => [.. _shape.Outputs.Select(k => new T[b * k])];
        (_a, _v, _xi, _delta, _delta2) = (PerOutput(), PerOutput(), PerOutput(), PerOutput(), PerOutput());
        int classes = _shape.Classes;
        _logits = new T[b * classes];
        _dh2 = new T[b * _shape.MaxWidth];
        (_zD, _deltaD, _shifted) = (new double[b * classes], new double[b * classes], new double[b * classes]);
        (_muView, _sigmaView, _gMuView, _gPhiView) = (new double[_p], new double[_p], new double[_p], new double[_p]);
        int part = b * ((_shape.Outputs.Max() / Math.Max(1, _threads)) + 1);
        _partIn = [.. Enumerable.Range(0, _threads).Select(_ => new T[part])];
        _partOut = [.. Enumerable.Range(0, _threads).Select(_ => new T[part])];
        RefreshSigma();
    }

    /// <inheritdoc/>
    public NetworkShape Shape => _shape;

    /// <inheritdoc/>
    public int Parameters => _p;

    /// <summary>Means mu (the flat vector of <see cref="NetworkShape"/>).</summary>
    public Span<T> Mu => _mu.Span;

    /// <summary>phi, with sigma = softplus(phi).</summary>
    public Span<T> Phi => _phi.Span;

    /// <inheritdoc/>
    public ReadOnlySpan<double> MeanValues => View(Mu, _muView);

    /// <inheritdoc/>
    public ReadOnlySpan<double> Sigma => View(_sigma.Span, _sigmaView);

    /// <inheritdoc/>
    public ReadOnlySpan<double> MuGradient => View(_gMu.Span, _gMuView);

    /// <summary>The last minibatch's standard normal draws eps of w = mu + sigma eps (one weight sample per minibatch), as double.</summary>
    internal ReadOnlySpan<double> Noise => View(_eps.Span, new double[_p]);

    /// <summary>The last minibatch's gradient of phi, as double.</summary>
    public ReadOnlySpan<double> PhiGradient => View(_gPhi.Span, _gPhiView);

    /// <summary>The seed of stripe <paramref name="stripe"/>'s sampler: stripe 0 keeps the classifier's historical seed.</summary>
    internal static ulong StripeSeed(ulong seed, int stripe) =>
        (seed ^ 0x5DEECE66DUL) ^ ((ulong)stripe * 0xD1B54A32D192ED03UL);

    /// <summary>mu ~ U(-range, range) from the options' seed, and phi = softplus^-1(initial sigma) (of the biases' own, when given).</summary>
    internal static void InitialiseParameters(SoftmaxTrainingOptions options, NetworkShape shape, Span<T> mu, Span<T> phi)
    {
        var init = new Stats.Xoshiro256(options.Seed);
        T phi0 = T.CreateTruncating(Softplus.Inverse(options.InitialSigma));
        for (int i = 0; i < mu.Length; i++)
        {
            mu[i] = T.CreateTruncating(options.InitialMuRange * (2 * init.NextDouble() - 1));
            phi[i] = phi0;
        }

        if (options.InitialBiasSigma is { } bias)
        {
            T phiBias = T.CreateTruncating(Softplus.Inverse(bias));
            for (int l = 0; l < shape.Layers; l++)
            {
                phi.Slice(shape.BiasOffset[l], shape.Outputs[l]).Fill(phiBias);
            }
        }
    }

    /// <inheritdoc/>
    public bool ReliabilityCostOn { get; set; } = true;

    /// <inheritdoc/>
    public (double CrossEntropy, int Correct) ComputeGradients(ImageDataSet data, ReadOnlySpan<int> rows, int trainingSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_options.Estimator == WeightEstimator.Sample)
        {
            SampleWeights();
        }

        (double ce, int correct) = DataGradient(data, rows);
        ParameterGradients(rows.Length, trainingSize);
        return (ce, correct);
    }

    /// <summary>The first of <see cref="ComputeGradients"/>'s three phases (one weight sample per minibatch only): eps and w = mu + sigma eps.</summary>
    internal void SampleWeights()
    {
        if (_team is null)
        {
            for (int s = 0; s < _stripes; s++)
            {
                (int start, int length) = StripeRange(s);
                FillNoise(s);
                SampleRange(start, length);
            }

            return;
        }

        // The draws stripe by stripe (each stripe's sampler is sequential), then w = mu + sigma eps on each thread's own parameters.
        _team.For(_stripes, FillNoise);
        ForBlocks(SampleRange);
    }

    /// <summary>
    /// The third phase: the gradients of mu and phi from the data term's, the reliability cost and the magnitude cost,
    /// both scaled by the minibatch's share <paramref name="batchSize"/> / <paramref name="trainingSize"/>.
    /// </summary>
    internal void ParameterGradients(int batchSize, int trainingSize)
    {
        double scale = (double)batchSize / trainingSize;
        if (_options.Objective == TrainingObjective.Variational)
        {
            ForBlocks((start, length) => VariationalGradientRange(start, length, scale));
            if (_options.Setting == NoiseSetting.Homogeneous)
            {
                TiePhiGradients();
            }

            return;
        }

        // Off (the cost-free epochs): exp(-1e6 - (rho + 1) ln sigma) is 0 for every double sigma, in every kernel.
        var c = new GradientCoefficients(
            scale * _options.Kappa,
            ReliabilityCostOn ? Math.Log(scale) + Math.Log(_options.Lambda) + _options.Rho * Math.Log(_options.S) : -1e6,
            _options.Rho + 1);
        ForBlocks((start, length) => ParameterGradientRange(start, length, c));
        if (!_options.CostOnBiases && ReliabilityCostOn)
        {
            RemoveBiasReliabilityGradients(c);
        }

        if (_options.Setting == NoiseSetting.Homogeneous && _options.CommittedHomogeneous)
        {
            TiePhiGradientsAsCommitted(c);
        }
        else if (_options.Setting == NoiseSetting.Homogeneous)
        {
            TiePhiGradients();
        }
    }

    /// <summary>
    /// The reliability cost on the weights only: adds back to each bias's phi gradient the cost's part that the stripe
    /// kernels subtracted, exp(ln((B/N) lambda s^rho) - (rho + 1) ln sigma) times the slope (in double, one bias at a time).
    /// </summary>
    private void RemoveBiasReliabilityGradients(GradientCoefficients c)
    {
        Span<T> gPhi = _gPhi.Span, logSigma = _logSigma.Span, slope = _slope.Span;
        for (int l = 0; l < _shape.Layers; l++)
        {
            for (int i = _shape.BiasOffset[l]; i < _shape.BiasOffset[l] + _shape.Outputs[l]; i++)
            {
                double rel = Math.Exp(c.LogReliability - (c.RhoPlusOne * double.CreateTruncating(logSigma[i]))) * double.CreateTruncating(slope[i]);
                gPhi[i] = T.CreateTruncating(double.CreateTruncating(gPhi[i]) + rel);
            }
        }
    }

    /// <summary>
    /// The authors' committed homogeneous setting (sims-fig2and3.py): each phi_i gets the gradient of the data term and of
    /// n c sigma_bar^-rho through sigma_bar = sqrt(mean_j sigma_j^2), which is the mean of the per-parameter gradients
    /// while every sigma_j is equal, plus the gradient of its own cost c sigma_i^-rho. The sum runs in double in index order.
    /// </summary>
    private void TiePhiGradientsAsCommitted(GradientCoefficients c)
    {
        Span<T> g = _gPhi.Span;
        double sum = 0;
        for (int i = 0; i < _p; i++)
        {
            sum += double.CreateTruncating(g[i]);
        }

        // Every sigma is equal, so parameter 0's reliability gradient is every parameter's.
        double slope = double.CreateTruncating(_slope.Span[0]), logSigma = double.CreateTruncating(_logSigma.Span[0]);
        double own = -Math.Exp(c.LogReliability - (c.RhoPlusOne * logSigma)) * slope;
        g.Fill(T.CreateTruncating((sum / _p) + own));
    }

    /// <summary>
    /// One sigma for every parameter: the gradient of the shared phi is the sum of the per-parameter gradients (each
    /// holds its own data and reliability terms), summed in double in index order, and every parameter gets it. Every
    /// phi starts equal and Adam steps them alike, so they stay equal.
    /// </summary>
    private void TiePhiGradients()
    {
        Span<T> g = _gPhi.Span;
        double sum = 0;
        for (int i = 0; i < _p; i++)
        {
            sum += double.CreateTruncating(g[i]);
        }

        g.Fill(T.CreateTruncating(sum));
    }

    /// <inheritdoc/>
    public void AdamStep()
    {
        AdamCoefficients km = _adamMu.Advance(_options.LearningRate);
        AdamCoefficients kp = _adamPhi.Advance(_options.LearningRateSigma ?? _options.LearningRate);
        ForBlocks((start, length) =>
        {
            _adamMu.StepRange(Mu, _gMu.Span, km, start, length);
            _adamPhi.StepRange(Phi, _gPhi.Span, kp, start, length);
            SoftplusRange(start, length);
        });
    }

    /// <inheritdoc/>
    public double[] MuLearningRates() => _adamMu.EffectiveLearningRates(_options.LearningRate);

    /// <inheritdoc/>
    public void SetParameters(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma)
    {
        if (mu.Length != _p || sigma.Length != _p)
        {
            throw new ArgumentException($"the network has {_p} parameters; got {mu.Length} means and {sigma.Length} sigmas.", nameof(mu));
        }

        Span<T> m = Mu, phi = Phi;
        for (int i = 0; i < _p; i++)
        {
            m[i] = T.CreateChecked(mu[i]);
            phi[i] = T.CreateChecked(Softplus.Inverse(sigma[i]));
        }

        RefreshSigma();
    }

    /// <summary>Recomputes sigma = softplus(phi) after <see cref="Phi"/> was set from outside.</summary>
    public void RefreshSigma() => ForBlocks(SoftplusRange);

    /// <inheritdoc/>
    public (double Reliability, double Magnitude) Costs()
    {
        if (_options.Objective == TrainingObjective.Variational)
        {
            return (Analytic.Variational.KullbackLeibler(MeanValues, Sigma, 1 / Math.Sqrt(_options.PriorPrecision)), 0);
        }

        ReadOnlySpan<double> sigma = Sigma;
        ReadOnlySpan<double> mu = MeanValues;
        double rel = 0, mag = 0;
        for (int i = 0; i < _p; i++)
        {
            mag += Math.Abs(mu[i]);
        }

        // Layer by layer in the flat order, weights then biases: the same sum as over every index when biases pay.
        for (int l = 0; l < _shape.Layers; l++)
        {
            foreach (double v in sigma.Slice(_shape.WeightOffset[l], _shape.Weights(l)))
            {
                rel += Analytic.ReliabilityCost.ValueUnchecked(_options.Rho, _options.S, _options.Lambda, v);
            }

            if (_options.CostOnBiases)
            {
                foreach (double v in sigma.Slice(_shape.BiasOffset[l], _shape.Outputs[l]))
                {
                    rel += Analytic.ReliabilityCost.ValueUnchecked(_options.Rho, _options.S, _options.Lambda, v);
                }
            }
        }

        return (rel, _options.Kappa * mag);
    }

    private (int Start, int Length) StripeRange(int s) => (s * Stripe, Math.Min(Stripe, _p - (s * Stripe)));

    // The element-wise phases in blocks of at most Block parameters, on one thread in index order, or on each thread
    // over the parameters it owns. The kernels' vector and scalar paths agree bit for bit, so where a block starts or
    // ends never changes a number.
    private void ForBlocks(Action<int, int> body)
    {
        if (_team is null)
        {
            InBlocks(0, _p, body);
        }
        else
        {
            _team.For(_threads, m =>
            {
                foreach ((int start, int length) in _owned[m])
                {
                    InBlocks(start, length, body);
                }
            });
        }
    }

    private static void InBlocks(int start, int length, Action<int, int> body)
    {
        for (int i = 0; i < length; i += Block)
        {
            body(start + i, Math.Min(Block, length - i));
        }
    }

    /// <summary>
    /// The parameters thread <paramref name="m"/> owns: in every layer, the weights and biases of the output rows its
    /// share of the batch products computes (<see cref="Share"/>), so that the weights it samples, the gradient rows it
    /// writes and the parameters it steps stay in its core's caches from one phase to the next.
    /// </summary>
    private (int Start, int Length)[] OwnedRanges(int m)
    {
        var ranges = new List<(int, int)>();
        for (int l = 0; l < _shape.Layers; l++)
        {
            (int r0, int r1) = Share(_shape.Outputs[l], m);
            ranges.Add((_shape.WeightOffset[l] + (r0 * _shape.Inputs[l]), (r1 - r0) * _shape.Inputs[l]));
            ranges.Add((_shape.BiasOffset[l] + r0, r1 - r0));
        }

        return [.. ranges.Where(r => r.Item2 > 0)];
    }

    /// <summary>Draws stripe <paramref name="s"/>'s eps from its own sampler.</summary>
    private void FillNoise(int s)
    {
        (int start, int length) = StripeRange(s);
        Span<T> eps = _eps.Span.Slice(start, length);
        if (IsDouble)
        {
            _samplers[s].Fill(AsDouble(eps));
        }
        else
        {
            _samplers[s].Fill(AsSingle(eps));
        }
    }

    /// <summary>w = mu + sigma eps over a range of parameters.</summary>
    private void SampleRange(int start, int length)
    {
        Span<T> eps = _eps.Span.Slice(start, length);
        if (IsDouble)
        {
            NoiseKernels.SampleWeights(AsDouble(Mu.Slice(start, length)), AsDouble(_sigma.Span.Slice(start, length)), AsDouble(eps), AsDouble(_w.Span.Slice(start, length)));
        }
        else
        {
            TensorPrimitives.FusedMultiplyAdd(_sigma.Span.Slice(start, length), eps, Mu.Slice(start, length), _w.Span.Slice(start, length));
        }
    }

    /// <summary>
    /// g_mu = g + (B/N) kappa sign(mu); g_phi = (g2 m - (B/N) lambda s^rho sigma^-(rho+1)) slope, where g2 m is the data
    /// term's sigma gradient: g eps for one weight sample per minibatch, the squared-input product times sigma for the local trick.
    /// </summary>
    private void ParameterGradientRange(int start, int length, GradientCoefficients c)
    {
        bool sample = _options.Estimator == WeightEstimator.Sample;
        Span<T> g = _g.Span.Slice(start, length), g2 = (sample ? _g : _g2).Span.Slice(start, length), m = (sample ? _eps : _sigma).Span.Slice(start, length);
        Span<T> mu = Mu.Slice(start, length), logSigma = _logSigma.Span.Slice(start, length), slope = _slope.Span.Slice(start, length);
        Span<T> gMu = _gMu.Span.Slice(start, length), gPhi = _gPhi.Span.Slice(start, length);
        if (IsDouble)
        {
            NoiseKernels.ParameterGradients(AsDouble(g), AsDouble(g2), AsDouble(m), AsDouble(mu), AsDouble(logSigma), AsDouble(slope), AsDouble(gMu), AsDouble(gPhi), c);
            return;
        }

        NoiseKernels.ParameterGradientsSingle(AsSingle(g), AsSingle(g2), AsSingle(m), AsSingle(mu), AsSingle(logSigma), AsSingle(slope),
            AsSingle(_logSlope.AsSpan(start, length)), AsSingle(gMu), AsSingle(gPhi), c);
    }

    /// <summary>
    /// Variational Bayes: g_mu = g + (B/N) mu / sigma_0^2 and g_phi = (g2 m + (B/N)(sigma / sigma_0^2 - 1 / sigma)) slope, the
    /// data term's gradients plus those of (B/N) KL(q || N(0, sigma_0^2)) (THEORY.md section 11).
    /// </summary>
    private void VariationalGradientRange(int start, int length, double scale)
    {
        bool sample = _options.Estimator == WeightEstimator.Sample;
        Span<T> g = _g.Span.Slice(start, length), g2 = (sample ? _g : _g2).Span.Slice(start, length), m = (sample ? _eps : _sigma).Span.Slice(start, length);
        Span<T> mu = Mu.Slice(start, length), sigma = _sigma.Span.Slice(start, length), slope = _slope.Span.Slice(start, length);
        Span<T> gMu = _gMu.Span.Slice(start, length), gPhi = _gPhi.Span.Slice(start, length), tmp = _scratch.AsSpan(start, length);
        T k = T.CreateTruncating(scale * _options.PriorPrecision), b = T.CreateTruncating(scale);
        TensorPrimitives.MultiplyAdd(mu, k, g, gMu);
        TensorPrimitives.Multiply(g2, m, gPhi);
        TensorPrimitives.MultiplyAdd(sigma, k, gPhi, gPhi);
        TensorPrimitives.Divide(b, sigma, tmp);
        TensorPrimitives.Subtract(gPhi, tmp, gPhi);
        TensorPrimitives.Multiply(gPhi, slope, gPhi);
    }

    // sigma, its slope and ln sigma, and in float ln slope, from the softplus kernel of the precision. The float kernel
    // never forms log(1 + e^phi) directly: 1 + e rounds to a multiple of 2^-23, which made sigma near 1e-4 a step
    // function of phi with 0.1% steps and sigma below 6e-8 zero (TensorPrimitives.LogP1 computes it that way).
    private void SoftplusRange(int start, int length)
    {
        if (IsDouble)
        {
            NoiseKernels.Softplus(AsDouble(Phi.Slice(start, length)), AsDouble(_sigma.Span.Slice(start, length)), AsDouble(_slope.Span.Slice(start, length)), AsDouble(_logSigma.Span.Slice(start, length)));
            return;
        }

        NoiseKernels.SoftplusSingle(AsSingle(Phi.Slice(start, length)), AsSingle(_sigma.Span.Slice(start, length)), AsSingle(_slope.Span.Slice(start, length)),
            AsSingle(_logSigma.Span.Slice(start, length)), AsSingle(_logSlope.AsSpan(start, length)));
    }

    /// <summary>
    /// The forward and backward passes of one minibatch: the rows' normalised pixels, every layer's pre-activations
    /// (from the sampled weights, or per example from the local trick's Gaussian), the softmax cross-entropy, and its
    /// gradient with respect to the weights (and, for the local trick, to their standard deviations).
    /// </summary>
    internal (double CrossEntropy, int Correct) DataGradient(ImageDataSet data, ReadOnlySpan<int> rows)
    {
        int b = rows.Length, layers = _shape.Layers, classes = _shape.Classes;
        int d0 = _shape.Features;
        Span<T> x = _h[0].Span[..(b * d0)];
        for (int n = 0; n < b; n++)
        {
            // From the raw bytes through the normalisation table: an eighth of the memory traffic of the doubles.
            if (IsDouble)
            {
                data.NormaliseRow(rows[n], AsDouble(x.Slice(n * d0, d0)));
            }
            else
            {
                data.NormaliseRow(rows[n], AsSingle(x.Slice(n * d0, d0)));
            }
        }

        bool local = _options.Estimator == WeightEstimator.Local;
        AlignedArray<T> weightArray = local ? _mu : _w;
        if (local)
        {
            // TensorPrimitives' element-wise products, square roots and quotients round exactly as scalar loops.
            TensorPrimitives.Multiply(_sigma.Span, _sigma.Span, _sigma2.Span);
        }

        for (int l = 0; l < layers; l++)
        {
            int d = _shape.Inputs[l], k = _shape.Outputs[l];
            ReadOnlySpan<T> h = _h[l].Span[..(b * d)];
            Span<T> a = _a[l].AsSpan(0, b * k);
            ForwardProduct(weightArray, l, _h[l], _a[l], b);
            if (local)
            {
                Span<T> h2 = _h2[l].Span[..(b * d)], v = _v[l].AsSpan(0, b * k), xi = _xi[l].AsSpan(0, b * k);
                TensorPrimitives.Multiply(h, h, h2);
                ForwardProduct(_sigma2, l, _h2[l], _v[l], b);
                FillNormals(_samplers[0], xi);
                TensorPrimitives.Sqrt(v, v); // now the pre-activations' standard deviation
                if (IsDouble)
                {
                    TensorPrimitives.MultiplyAdd(v, xi, a, a); // unfused, as the classifier always rounded it
                }
                else
                {
                    TensorPrimitives.FusedMultiplyAdd(v, xi, a, a);
                }
            }

            Span<T> next = l < layers - 1 ? _h[l + 1].Span[..(b * k)] : _logits.AsSpan(0, b * k);
            if (_shape.ReluAfter(l))
            {
                TensorPrimitives.Max(a, T.Zero, next);
            }
            else
            {
                a.CopyTo(next);
            }
        }

        // The softmax runs in double whatever T is.
        Span<T> top = _delta[layers - 1].AsSpan(0, b * classes);
        double ce;
        int correct;
        if (IsDouble)
        {
            (ce, correct) = SoftmaxDelta(AsDouble(_logits.AsSpan(0, b * classes)), data.Labels, rows, AsDouble(top), _shifted, classes);
        }
        else
        {
            Span<double> zD = _zD.AsSpan(0, b * classes), deltaD = _deltaD.AsSpan(0, b * classes);
            TensorPrimitives.ConvertTruncating<float, double>(AsSingle(_logits.AsSpan(0, b * classes)), zD);
            (ce, correct) = SoftmaxDelta(zD, data.Labels, rows, deltaD, _shifted, classes);
            TensorPrimitives.ConvertTruncating<double, float>(deltaD, AsSingle(top));
        }

        if (_options.DataScale != 1)
        {
            TensorPrimitives.Multiply(top, T.CreateTruncating(_options.DataScale), top);
        }

        if (_shape.ReluAfter(layers - 1))
        {
            DenseKernels.MaskByPositive<T>(top, _a[layers - 1].AsSpan(0, b * classes));
        }

        Span<T> grad = _g.Span, grad2 = _g2.Span;
        for (int l = layers - 1; l >= 0; l--)
        {
            int d = _shape.Inputs[l], k = _shape.Outputs[l];
            int bo = _shape.BiasOffset[l];
            ReadOnlySpan<T> h = _h[l].Span[..(b * d)];
            Span<T> delta = _delta[l].AsSpan(0, b * k);
            WeightGradientProduct(_delta[l], _h[l], _g, l, b);
            DenseKernels.BiasSum<T>(delta, grad.Slice(bo, k), k, b);
            Span<T> delta2 = default;
            if (local)
            {
                // d a / d sigma_ij = xi sigma_ij h_j^2 / sd: the outer product of delta xi / sd with h^2, times sigma.
                delta2 = _delta2[l].AsSpan(0, b * k);
                TensorPrimitives.Multiply(delta, _xi[l].AsSpan(0, b * k), delta2);
                TensorPrimitives.Divide(delta2, _v[l].AsSpan(0, b * k), delta2);
                WeightGradientProduct(_delta2[l], _h2[l], _g2, l, b);
                DenseKernels.BiasSum<T>(delta2, grad2.Slice(bo, k), k, b);
            }

            if (l == 0)
            {
                break;
            }

            // The delta of the layer below: delta W, plus (local trick) h o (delta xi / sd) sigma^2, then the ReLU's mask.
            Span<T> below = _delta[l - 1].AsSpan(0, b * d);
            InputGradientProduct(_delta[l], weightArray, l, _delta[l - 1], b);
            if (local)
            {
                Span<T> dh2 = _dh2.AsSpan(0, b * d);
                InputGradientProduct(_delta2[l], _sigma2, l, _dh2, b);
                TensorPrimitives.Multiply(dh2, h, dh2);
                TensorPrimitives.Add(below, dh2, below);
            }

            if (_shape.ReluAfter(l - 1))
            {
                DenseKernels.MaskByPositive<T>(below, _a[l - 1].AsSpan(0, b * d));
            }
        }

        return (ce, correct);
    }

    // The three batch products of layer l, split across the threads: the forward product and the weight gradient by
    // output rows, the input gradient by input columns. Each output is computed by the same operations in the same
    // order however the rows or columns are split, so the threads never change the bits.

    /// <summary>a = h W^T + bias for layer <paramref name="l"/>, W and bias from the flat <paramref name="weights"/>.</summary>
    private void ForwardProduct(AlignedArray<T> weights, int l, AlignedArray<T> input, T[] output, int b)
    {
        int k = _shape.Outputs[l], d = _shape.Inputs[l], wo = _shape.WeightOffset[l], bo = _shape.BiasOffset[l];
        if (!SplitsProducts(l))
        {
            DenseKernels.Forward<T>(weights.Span[wo..], weights.Span[bo..], input.Span[..(b * d)], output.AsSpan(0, b * k), k, d, b);
            return;
        }

        _team.For(_threads, part =>
        {
            (int r0, int r1) = Share(k, part);
            int kp = r1 - r0;
            T[] z = _partOut[part];
            DenseKernels.Forward<T>(weights.Span.Slice(wo + (r0 * d), kp * d), weights.Span.Slice(bo + r0, kp), input.Span[..(b * d)], z.AsSpan(0, b * kp), kp, d, b);
            for (int n = 0; n < b; n++)
            {
                z.AsSpan(n * kp, kp).CopyTo(output.AsSpan((n * k) + r0, kp));
            }
        });
    }

    /// <summary>g = delta^T h into layer <paramref name="l"/>'s weights in the flat <paramref name="gradient"/>.</summary>
    private void WeightGradientProduct(T[] delta, AlignedArray<T> input, AlignedArray<T> gradient, int l, int b)
    {
        int k = _shape.Outputs[l], d = _shape.Inputs[l], wo = _shape.WeightOffset[l];
        if (!SplitsProducts(l))
        {
            DenseKernels.OuterProduct<T>(delta.AsSpan(0, b * k), input.Span[..(b * d)], gradient.Span.Slice(wo, k * d), k, d, b);
            return;
        }

        _team.For(_threads, part =>
        {
            (int r0, int r1) = Share(k, part);
            int kp = r1 - r0;
            T[] share = _partIn[part];
            for (int n = 0; n < b; n++)
            {
                delta.AsSpan((n * k) + r0, kp).CopyTo(share.AsSpan(n * kp, kp));
            }

            DenseKernels.OuterProduct<T>(share.AsSpan(0, b * kp), input.Span[..(b * d)], gradient.Span.Slice(wo + (r0 * d), kp * d), kp, d, b);
        });
    }

    /// <summary>dh = delta W for layer <paramref name="l"/>, W from the flat <paramref name="weights"/>.</summary>
    private void InputGradientProduct(T[] delta, AlignedArray<T> weights, int l, T[] dh, int b)
    {
        int k = _shape.Outputs[l], d = _shape.Inputs[l], wo = _shape.WeightOffset[l];
        if (!SplitsProducts(l))
        {
            DenseKernels.InputGradient<T>(delta.AsSpan(0, b * k), weights.Span[wo..], dh.AsSpan(0, b * d), k, d, b);
            return;
        }

        _team.For(_threads, part =>
        {
            // Column shares in multiples of 8, so that every share but the last is whole vectors.
            int per = ((d / _threads) + 7) / 8 * 8;
            int j0 = Math.Min(d, part * per), j1 = part == _threads - 1 ? d : Math.Min(d, j0 + per);
            DenseKernels.InputGradient<T>(delta.AsSpan(0, b * k), weights.Span[wo..], dh.AsSpan(0, b * d), k, d, b, j0, j1);
        });
    }

    /// <summary>Whether layer <paramref name="l"/>'s batch products are split across the threads (else the calling thread runs them).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(_team))]
    private bool SplitsProducts(int l) =>
        _team is not null && _shape.Outputs[l] >= 2 * _threads && _shape.Inputs[l] >= 16 * _threads && _shape.Weights(l) >= MinSplitWeights * _threads;

    private (int Start, int End) Share(int count, int part) => (count * part / _threads, count * (part + 1) / _threads);

    internal static (double CrossEntropy, int Correct) SoftmaxDelta(
        ReadOnlySpan<double> z, byte[] labels, ReadOnlySpan<int> rows, Span<double> delta, Span<double> scratch, int k)
    {
        int b = rows.Length;
        Span<byte> y = stackalloc byte[b];
        for (int n = 0; n < b; n++)
        {
            y[n] = labels[rows[n]];
        }

        return SoftmaxKernel.Delta(z, y, delta, scratch, k, b);
    }

    private static void FillNormals(GaussianSampler sampler, Span<T> destination)
    {
        if (IsDouble)
        {
            sampler.Fill(AsDouble(destination));
        }
        else
        {
            sampler.Fill(AsSingle(destination));
        }
    }

    private static ReadOnlySpan<double> View(ReadOnlySpan<T> source, double[] buffer)
    {
        if (IsDouble)
        {
            return MemoryMarshal.Cast<T, double>(source);
        }

        TensorPrimitives.ConvertTruncating<float, double>(MemoryMarshal.Cast<T, float>(source), buffer);
        return buffer;
    }

    private static Span<double> AsDouble(Span<T> span) => MemoryMarshal.Cast<T, double>(span);

    private static Span<float> AsSingle(Span<T> span) => MemoryMarshal.Cast<T, float>(span);
}
