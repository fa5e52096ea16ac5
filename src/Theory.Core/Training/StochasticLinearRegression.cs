using System.Numerics.Tensors;
using Theory.Analytic;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// Stochastic linear regression trained by Adam: weights w ~ N(mu, sigma^2), sigma = softplus(phi),
/// objective (1/(2 sigma_y^2)) E_w sum_t (y_t - w.x_t)^2 + lambda sum_i (1/rho)(s/sigma_i)^rho
/// (THEORY.md sections 2 and 3). Its sigma should land on <see cref="OptimalNoise.Sigma"/>.
/// </summary>
public static class StochasticLinearRegression
{
    /// <summary>Training settings.</summary>
    /// <param name="Rho">Cost exponent.</param>
    /// <param name="S">Reliability scale s.</param>
    /// <param name="Lambda">Reliability weight lambda.</param>
    /// <param name="Estimator">Exact expected loss or one Monte-Carlo sample per step.</param>
    /// <param name="Steps">Adam steps (full batch).</param>
    /// <param name="LearningRate">Initial Adam rate; decays geometrically to <paramref name="FinalLearningRate"/>.</param>
    /// <param name="FinalLearningRate">Adam rate at the last step.</param>
    /// <param name="InitialSigma">sigma at the start, for every synapse.</param>
    /// <param name="Seed">Seed for mu's initialisation and the Monte-Carlo draws.</param>
    /// <param name="Beta2">Adam's second-moment decay. 0.99 rather than 0.999: the phi gradient shrinks by
    /// orders of magnitude as sigma grows from its start, and a long memory of the early gradients would
    /// shrink the late steps just as much.</param>
    /// <param name="Setting">A sigma per synapse (heterogeneous) or one shared by all (homogeneous, THEORY.md section 10).</param>
    /// <param name="Objective">The reliability cost (energy-efficient) or variational Bayes's KL to N(0, <paramref name="PriorSigma"/>^2) in its place.</param>
    /// <param name="PriorSigma">Prior standard deviation sigma_0 for <see cref="TrainingObjective.Variational"/>.</param>
    public sealed record Options(
        double Rho,
        double S = 1e-3,
        double Lambda = 1.0,
        GradientEstimator Estimator = GradientEstimator.Exact,
        int Steps = 4000,
        double LearningRate = 0.05,
        double FinalLearningRate = 1e-5,
        double InitialSigma = 1e-3,
        ulong Seed = 1,
        double Beta2 = 0.99,
        NoiseSetting Setting = NoiseSetting.Heterogeneous,
        TrainingObjective Objective = TrainingObjective.EnergyEfficient,
        double PriorSigma = 10)
    {
        /// <summary>Checks every setting; throws an ArgumentException naming the first bad one as `theory linear` spells it.</summary>
        public void Validate()
        {
            Guard.PositiveFinite(Rho, "rho");
            Guard.PositiveFinite(S, "s");
            Guard.PositiveFinite(Lambda, "lambda");
            Guard.PositiveFinite(LearningRate, "lr");
            Guard.PositiveFinite(FinalLearningRate, nameof(FinalLearningRate));
            Guard.PositiveFinite(InitialSigma, nameof(InitialSigma));
            if (Steps < 1)
            {
                throw new ArgumentException($"steps must be at least 1 (got {Steps}).", "steps");
            }

            Guard.ReliabilityCostInRange(Lambda, Rho, S, InitialSigma, 709, "double", "lower rho, s or lambda");
            Guard.StandardDeviation(PriorSigma, "sigma0");
        }
    }

    /// <summary>What training produced.</summary>
    /// <param name="Mu">Learned means.</param>
    /// <param name="Sigma">Learned noise standard deviations.</param>
    public sealed record Result(double[] Mu, double[] Sigma);

    /// <summary>
    /// Trains on the model's sufficient statistics A = X^T X and b = X^T y; <paramref name="stepDone"/> receives
    /// the number of Adam steps taken after each one.
    /// </summary>
    /// <remarks>
    /// The data-summed gradient sum_t (w.x_t - y_t) x_t equals A w - b exactly, so both estimators use A and b
    /// instead of a pass over the data: the Monte-Carlo variant is the same full-batch estimator a network would
    /// compute, at O(d^2) per step.
    /// </remarks>
    public static Result Train(LinearGaussianModel model, Options options, Action<int>? stepDone = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        int d = model.Synapses;
        double[] gram = model.Gram.ToRowMajorArray();
        double[] b = [.. model.Moment];
        double invVar = 1 / (model.SigmaY * model.SigmaY);
        var rng = new Xoshiro256(options.Seed);

        var mu = new double[d];
        var phi = new double[d];
        for (int i = 0; i < d; i++)
        {
            mu[i] = -0.1 + 0.2 * rng.NextDouble();
            phi[i] = Softplus.Inverse(options.InitialSigma);
        }

        var adamMu = new Adam(d, beta2: options.Beta2);
        var adamPhi = new Adam(d, beta2: options.Beta2);
        var gMu = new double[d];
        var gPhi = new double[d];
        var w = new double[d];
        var eps = new double[d];
        var sigma = new double[d];
        double decay = Math.Log(options.FinalLearningRate / options.LearningRate) / Math.Max(1, options.Steps - 1);
        bool variational = options.Objective == TrainingObjective.Variational;
        double priorPrecision = 1 / (options.PriorSigma * options.PriorSigma);

        for (int step = 0; step < options.Steps; step++)
        {
            for (int i = 0; i < d; i++)
            {
                sigma[i] = Softplus.Value(phi[i]);
            }

            bool sample = options.Estimator == GradientEstimator.MonteCarlo;
            if (sample)
            {
                rng.FillGaussian(eps);
            }

            for (int i = 0; i < d; i++)
            {
                w[i] = sample ? mu[i] + sigma[i] * eps[i] : mu[i];
            }

            for (int i = 0; i < d; i++)
            {
                // g_w = (A w - b) / sigma_y^2, the row product vectorised (its summation order is TensorPrimitives').
                int row = i * d;
                double gw = (TensorPrimitives.Dot(gram.AsSpan(row, d), w) - b[i]) * invVar;
                double gSigma = sample ? gw * eps[i] : gram[row + i] * invVar * sigma[i];
                if (variational)
                {
                    gw += mu[i] * priorPrecision; // d KL / d mu
                    gSigma += (sigma[i] * priorPrecision) - (1 / sigma[i]); // d KL / d sigma
                }
                else
                {
                    gSigma += ReliabilityCost.DerivativeUnchecked(options.Rho, options.S, options.Lambda, sigma[i]);
                }

                gMu[i] = gw;
                gPhi[i] = gSigma * Softplus.Derivative(phi[i]);
            }

            if (options.Setting == NoiseSetting.Homogeneous)
            {
                gPhi.AsSpan().Fill(gPhi.Sum()); // the shared phi's gradient: every synapse's term, summed
            }

            double lr = options.LearningRate * Math.Exp(decay * step);
            adamMu.Step(mu, gMu, lr);
            adamPhi.Step(phi, gPhi, lr);
            stepDone?.Invoke(step + 1);
        }

        for (int i = 0; i < d; i++)
        {
            sigma[i] = Softplus.Value(phi[i]);
        }

        return new Result(mu, sigma);
    }
}
