using MathNet.Numerics.LinearAlgebra;
using Theory.Analytic;
using Theory.Stats;
using Theory.Training;

namespace Theory.Synapses;

/// <summary>
/// Each synapse's variance five ways in the linear Gaussian model (THEORY.md sections 3, 4, 7 and 8): the exact
/// posterior marginal and covariance, mean-field 1/P_ii, the Bayesian filter synapse (static and drifting), Langevin
/// synaptic sampling, and the energy-efficient sigma*^2 of each mechanism; with the slopes against the input rate
/// that each theory predicts.
/// </summary>
public static class SynapseComparison
{
    /// <summary>Settings.</summary>
    /// <param name="Synapses">d.</param>
    /// <param name="Samples">N, the data points of the static posterior (and the static filter's steps).</param>
    /// <param name="RateMin">Lowest input rate.</param>
    /// <param name="RateMax">Highest input rate (two decades above the lowest by default).</param>
    /// <param name="Correlation">Latent correlation of the inputs (see <see cref="SyntheticLinearData.Options.Correlation"/>).</param>
    /// <param name="SigmaY">Output noise sigma_y.</param>
    /// <param name="Sigma0">Prior standard deviation sigma_0 (also the teacher's, and the drift's stationary one).</param>
    /// <param name="Tau">Time constant of the drifting teacher, in steps.</param>
    /// <param name="DriftSteps">Steps of the drifting filter run (its second half is averaged); 0 takes 20 tau.</param>
    /// <param name="Step">Langevin step e; null takes <paramref name="StepFraction"/> of 2/lambda_max(P).</param>
    /// <param name="BurnIn">Langevin steps discarded.</param>
    /// <param name="ChainSamples">Langevin samples kept.</param>
    /// <param name="S">Reliability scale s of the energy-efficient synapse.</param>
    /// <param name="Lambda">Reliability weight lambda.</param>
    /// <param name="Seed">Seed of the data, the drifting run and the chain.</param>
    /// <param name="StepFraction">The Langevin step as a fraction of 2/lambda_max(P) when <paramref name="Step"/> is null.</param>
    public sealed record Options(
        int Synapses = 50,
        int Samples = 4000,
        double RateMin = 0.005,
        double RateMax = 0.5,
        double Correlation = 0,
        double SigmaY = 1,
        double Sigma0 = 1,
        double Tau = 1e4,
        int DriftSteps = 0,
        double? Step = null,
        int BurnIn = 50_000,
        int ChainSamples = 2_000_000,
        double S = 1e-3,
        double Lambda = 1,
        ulong Seed = 1,
        double StepFraction = 0.5)
    {
        /// <summary>The drifting run's length.</summary>
        public int EffectiveDriftSteps => DriftSteps > 0 ? DriftSteps : (int)Math.Min(int.MaxValue, 20 * Tau);
    }

    /// <summary>One way of giving every synapse a variance, against the exact marginal and the input rate.</summary>
    /// <param name="Method">What it is.</param>
    /// <param name="Variance">Per synapse.</param>
    /// <param name="Ratio">Median, smallest and largest of variance / exact marginal (P^-1)_ii (the drifting filter: / section 7's steady state).</param>
    /// <param name="MeanFieldRatio">The same against 1/P_ii.</param>
    /// <param name="Slope">d ln variance / d ln r_i (OLS), with its 95% bootstrap CI.</param>
    /// <param name="SlopeCi">The CI.</param>
    /// <param name="Predicted">The theory's slope (large-data limit).</param>
    public sealed record Row(string Method, double[] Variance, (double Median, double Min, double Max) Ratio, (double Median, double Min, double Max) MeanFieldRatio,
        double Slope, (double Low, double High) SlopeCi, double Predicted);

    /// <summary>Everything the command prints.</summary>
    public sealed record Result
    {
        /// <summary>The input rates r_i.</summary>
        public required double[] Rates { get; init; }

        /// <summary>The exact posterior covariance P^-1.</summary>
        public required Matrix<double> ExactCovariance { get; init; }

        /// <summary>The Langevin chain's sample covariance.</summary>
        public required Matrix<double> ChainCovariance { get; init; }

        /// <summary>Exact marginals (P^-1)_ii.</summary>
        public required double[] ExactMarginal { get; init; }

        /// <summary>The rows, static methods first, then the drifting filter, then the energy-efficient mechanisms.</summary>
        public required Row[] Rows { get; init; }

        /// <summary>The Langevin step e and its bound 2/lambda_max(P).</summary>
        public required (double Step, double Limit) Step { get; init; }

        /// <summary>Relative Frobenius error of the chain's covariance against P^-1, over the first quarter, half and all of the kept chain.</summary>
        public required double[] FrobeniusExact { get; init; }

        /// <summary>The same against the predicted biased covariance P^-1 (I - e P/2)^-1.</summary>
        public required double[] FrobeniusBiased { get; init; }

        /// <summary>||P^-1 (I - e P/2)^-1 - P^-1||_F / ||P^-1||_F: the bias the chain converges to.</summary>
        public required double PredictedBias { get; init; }

        /// <summary>diag(1/P_ii) against P^-1 (mean-field has no correlations).</summary>
        public required double FrobeniusMeanField { get; init; }

        /// <summary>Median effective sample size over synapses, for the quarter, half and all of the chain (all: from batch means; parts scaled by length).</summary>
        public required double MedianEss { get; init; }

        /// <summary>Filter: d ln learning rate / d ln variance, static and drifting, with CIs (predicted 1).</summary>
        public required (double Slope, (double Low, double High) Ci)[] LearningRateSlope { get; init; }

        /// <summary>d ln v / d ln r_i expected for mean-field from E[A_ii] = N r_i with the finite prior: the OLS slope of ln 1/(N r_i / sigma_y^2 + 1/sigma_0^2).</summary>
        public required double MeanFieldSlopeWithPrior { get; init; }

        /// <summary>The drifting run's mean sigma_delta^2 and its length.</summary>
        public required (double SigmaDeltaSquared, int Steps) Drift { get; init; }
    }

    /// <summary>Runs every method; <paramref name="progress"/> receives (phase, fraction).</summary>
    public static Result Run(Options options, IReadOnlyList<(string Name, double Rho)> mechanisms, Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mechanisms);
        Guard.StandardDeviation(options.Sigma0, "sigma0");
        var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(
            options.Synapses, options.Samples, options.RateMin, options.RateMax, options.SigmaY, options.Seed, options.Correlation));
        LinearGaussianModel model = data.Model(options.SigmaY);
        Matrix<double> precision = Posterior.Precision(model.Gram, options.SigmaY, options.Sigma0);
        Matrix<double> covariance = precision.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(options.Synapses));
        double[] exact = [.. covariance.Diagonal()];
        double[] meanField = model.MeanFieldVariances(options.Sigma0);
        double[] rates = data.Rates;
        double[] logR = [.. rates.Select(r => Math.Log(r))];

        double limit = LangevinSampler.StepLimit(precision);
        double step = options.Step ?? (options.StepFraction * limit);
        double[] mean = Posterior.Mean(model.Gram, model.Moment, options.SigmaY, options.Sigma0);
        BayesianFilter.Result filter = BayesianFilter.RunStatic(data.Design, data.Targets, options.SigmaY, options.Sigma0);
        progress?.Invoke("filter", 1);
        LangevinSampler.Result chain = LangevinSampler.Run(precision, mean, step, options.BurnIn, options.ChainSamples, options.Seed + 1, f => progress?.Invoke("langevin", f));
        progress?.Invoke("langevin", 1);
        BayesianFilter.Result drift = BayesianFilter.RunDrifting(rates, options.Correlation, options.SigmaY, options.Sigma0, options.Tau, options.EffectiveDriftSteps, options.Seed + 2,
            f => progress?.Invoke("drift", f));
        progress?.Invoke("drift", 1);

        (double, double, double) Ratios(double[] v, double[] reference)
        {
            double[] r = [.. v.Select((x, i) => x / reference[i])];
            return (Bootstrap.Median(r), r.Min(), r.Max());
        }

        int k = 0;
        Row Make(string method, double[] v, double predicted, double[]? reference = null)
        {
            double[] logV = [.. v.Select(x => Math.Log(x))];
            return new Row(method, v, Ratios(v, reference ?? exact), Ratios(v, meanField), LinearFit.Of(logR, logV).Slope,
                Bootstrap.SlopeInterval(logR, logV, options.Seed + 10 + (ulong)k++), predicted);
        }

        double sigmaDelta = Math.Sqrt(drift.MeanSigmaDeltaSquared);
        double[] steady = [.. rates.Select(r => BayesianFilter.SteadyStateVariance(r, options.Sigma0, sigmaDelta, options.Tau))];
        var rows = new List<Row>
        {
            Make("exact marginal (P^-1)_ii", exact, -1),
            Make("mean-field 1/P_ii", meanField, -1),
            Make("Bayesian filter, static", filter.Variance, -1),
            Make(FormattableString.Invariant($"Langevin, e = {step:G4}"), [.. chain.Covariance.Diagonal()], -1),
            Make("Bayesian filter, drifting", drift.Variance, -0.5, steady),
        };
        double[] h = model.Importance();
        foreach ((string name, double rho) in mechanisms)
        {
            double[] sigma = OptimalNoise.Sigmas(rho, options.S, options.Lambda, h);
            rows.Add(Make($"energy-efficient {name} sigma*^2", [.. sigma.Select(v => v * v)], PredictedSlopes.VersusImportance(rho)));
        }

        Matrix<double> biased = LangevinSampler.StationaryCovariance(precision, step);
        Matrix<double>[] parts = [.. chain.PartialCovariances, chain.Covariance];
        (double, (double, double)) RateSlope(BayesianFilter.Result f, ulong seed)
        {
            int[] seen = [.. Enumerable.Range(0, f.Variance.Length).Where(i => double.IsFinite(f.LearningRate[i]) && f.LearningRate[i] > 0)];
            double[] x = [.. seen.Select(i => Math.Log(f.Variance[i]))], y = [.. seen.Select(i => Math.Log(f.LearningRate[i]))];
            return (LinearFit.Of(x, y).Slope, Bootstrap.SlopeInterval(x, y, seed));
        }

        return new Result
        {
            Rates = rates,
            ExactMarginal = exact,
            ExactCovariance = covariance,
            ChainCovariance = chain.Covariance,
            Rows = [.. rows],
            Step = (step, limit),
            FrobeniusExact = [.. parts.Select(c => LangevinSampler.RelativeFrobenius(c, covariance))],
            FrobeniusBiased = [.. parts.Select(c => LangevinSampler.RelativeFrobenius(c, biased))],
            PredictedBias = LangevinSampler.RelativeFrobenius(biased, covariance),
            FrobeniusMeanField = LangevinSampler.RelativeFrobenius(Matrix<double>.Build.DenseOfDiagonalArray(meanField), covariance),
            MedianEss = Bootstrap.Median(chain.EffectiveSampleSize),
            LearningRateSlope = [RateSlope(filter, options.Seed + 30), RateSlope(drift, options.Seed + 31)],
            Drift = (drift.MeanSigmaDeltaSquared, options.EffectiveDriftSteps),
            MeanFieldSlopeWithPrior = LinearFit.Of(logR, [.. rates.Select(r => -Math.Log((options.Samples * r / (options.SigmaY * options.SigmaY)) + (1 / (options.Sigma0 * options.Sigma0))))]).Slope,
        };
    }
}
