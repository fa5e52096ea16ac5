using System.Numerics;
using Theory.Stats;

namespace Theory.Pruning;

/// <summary>
/// <c>theory prune</c>'s experiment (THEORY.md section 14): the stationary covariance of a noise-driven linear network
/// by the Lyapunov equation and its checks, then at each kept fraction the noise rule and its two controls at the same
/// expected number of synapses: unbiasedness over many prunings, the spectrum, and the response to the same input and
/// noise.
/// </summary>
public static class PruneExperiment
{
    /// <summary>Methods in the order the tables print them.</summary>
    public static readonly PruningMethod[] Methods = [PruningMethod.Rule, PruningMethod.Weight, PruningMethod.Uniform];

    /// <summary>
    /// n x n matrices held at once at the peak of a run (W, A, C, the Schur factors and products, one pruned W and A,
    /// LAPACK's copies and eigenvectors): what <see cref="BytesNeeded"/> multiplies.
    /// </summary>
    public const int MatricesAtPeak = 14;

    /// <summary>Bytes of memory a run at n units needs, estimated before anything is allocated.</summary>
    public static long BytesNeeded(int n) => MatricesAtPeak * 8L * n * n;

    /// <summary>The experiment's settings.</summary>
    /// <param name="Keep">Kept fractions of the synapses (each in (0, 1]).</param>
    /// <param name="Draws">Prunings per method for the unbiasedness check (14.5).</param>
    /// <param name="Rescale">Whether a kept synapse is divided by its p (the rule as written; the authors' latest notebook omits it).</param>
    /// <param name="Dt">Euler-Maruyama step.</param>
    /// <param name="Steps">Steps of the response run.</param>
    /// <param name="Noise">Noise amplitude of the response run.</param>
    /// <param name="CheckTime">Length (time units) of the unit-noise run that checks an asymmetric A's covariance; 0 skips it.</param>
    /// <param name="Seed">Seed of the prunings, the input and the noise.</param>
    /// <param name="Native">Whether to use LAPACK when it loads.</param>
    /// <param name="Repeats">Independent prunings per method whose spectra are compared (mean and 95% CI over them); the first is also the one simulated and plotted.</param>
    public sealed record Options(double[] Keep, int Draws, bool Rescale, double Dt, int Steps, double Noise, double CheckTime, ulong Seed, bool Native, int Repeats = 1);

    /// <summary>Checks of the covariance C.</summary>
    /// <param name="Method">How C was solved.</param>
    /// <param name="Residual">||A C + C A^T + I||_F / ||I||_F.</param>
    /// <param name="CheckName">What C was checked against.</param>
    /// <param name="CheckError">||C - check||_F / ||C||_F (NaN when not run).</param>
    /// <param name="CheckExpected">For the simulation: the error that sampling alone predicts (batch errors' RMS / sqrt(batches)); else NaN.</param>
    /// <param name="TraceSum">sum over synapses of |W_ij| d_ij (14.6).</param>
    public sealed record CovarianceCheck(string Method, double Residual, string CheckName, double CheckError, double CheckExpected, double TraceSum);

    /// <summary>14.5 over <see cref="Options.Draws"/> prunings.</summary>
    /// <param name="MeanZSquared">Mean over synapses with p &lt; 1 of z^2, z = (mean pruned W - W) / its sampling SD: 1 when unbiased.</param>
    /// <param name="MeanZSquaredError">Its standard error (from the spread of z^2).</param>
    /// <param name="MassBias">sum sign(W) (mean pruned W - W) / sum |W|: 0 when unbiased.</param>
    /// <param name="MassBiasError">Its standard error, sqrt(sum Var) / sum |W|.</param>
    /// <param name="RelativeFrobenius">||mean pruned W - W||_F / ||W||_F.</param>
    /// <param name="ExpectedFrobenius">What sampling alone predicts for it: sqrt(sum W^2 (1 - p) / (p draws)) / ||W||_F.</param>
    public sealed record Unbiasedness(double MeanZSquared, double MeanZSquaredError, double MassBias, double MassBiasError, double RelativeFrobenius, double ExpectedFrobenius);

    /// <summary>One method at one kept fraction.</summary>
    /// <param name="Method">The method.</param>
    /// <param name="Oversampling">Its r.</param>
    /// <param name="ExpectedKept">sum p.</param>
    /// <param name="Kept">Synapses kept by the first pruning.</param>
    /// <param name="Repeats">Every pruning's spectral comparison; the first is the one simulated.</param>
    /// <param name="Unbiased">14.5.</param>
    /// <param name="ResponseError">The first pruning's response error at each sampled time.</param>
    public sealed record MethodResult(PruningMethod Method, double Oversampling, double ExpectedKept, int Kept, SpectralCheck.Comparison[] Repeats,
        Unbiasedness Unbiased, double[] ResponseError)
    {
        /// <summary>The first pruning's comparison.</summary>
        public SpectralCheck.Comparison Spectrum => Repeats[0];

        /// <summary>The spread of one measure over the repeats (NaN measures, as an asymmetric A's alignment, give a NaN spread).</summary>
        public Spread Over(Func<SpectralCheck.Comparison, double> measure)
        {
            double[] values = [.. Repeats.Select(measure)];
            return values.All(double.IsFinite) ? Spread.Of(values) : new Spread(double.NaN, double.NaN, double.NaN, double.NaN, values.Length);
        }
    }

    /// <summary>One kept fraction.</summary>
    public sealed record KeepResult(double Keep, double Target, MethodResult[] Methods);

    /// <summary>Everything the command prints.</summary>
    public sealed record Result(RecurrentNetwork Network, Complex SlowestEigenvalue, Complex[] Eigenvalues, CovarianceCheck Covariance, double[] ResponseTimes,
        KeepResult[] Keeps, bool NativeUsed);

    /// <summary>Runs the experiment; <paramref name="progress"/> gets (phase, fraction done).</summary>
    public static Result Run(RecurrentNetwork network, Options options, Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        int n = network.N;
        bool native = options.Native;
        double[] a = network.Dynamics(network.Weights);
        var spectral = new SpectralCheck(a, n, network.Symmetric, native);
        Complex slowest = spectral.Eigenvalues[0];
        if (!(slowest.Real < 0))
        {
            throw new ArgumentException($"A is not stable: its eigenvalue {Format(slowest)} has real part >= 0, so the stationary covariance does not exist.", nameof(network));
        }

        double limit = EulerStepLimit(spectral.Eigenvalues);
        if (options.Dt > limit)
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"--dt {options.Dt:G4} is too large for this A: Euler-Maruyama is stable for dt < -2 Re(lambda) / |lambda|^2 over every eigenvalue, and half of that, {limit:G3}, leaves room for the pruned networks' wider spectra; give --dt {limit:G2} or less (and more --steps)."),
                nameof(options));
        }

        progress?.Invoke("covariance", 0);
        double[] c = DenseAlgebra.Lyapunov(a, n, native);
        CovarianceCheck check = CheckCovariance(network, a, c, options, f => progress?.Invoke("covariance", f));
        progress?.Invoke("covariance", 1);

        double[] d = PruningRule.NoiseScores(network, c);
        check = check with { TraceSum = PruningRule.TraceSum(network, d) };
        var input = new double[n];
        new Xoshiro256(Stream(options.Seed, 1)).FillGaussian(input);

        var keeps = new List<KeepResult>();
        double[] times = [];
        for (int q = 0; q < options.Keep.Length; q++)
        {
            double keep = options.Keep[q];
            double target = Math.Max(1, Math.Round(keep * network.Synapses));
            var methods = new List<(PruningMethod Method, double R, double[] P, int Kept, SpectralCheck.Comparison[] Spectra, Unbiasedness Unbiased, double[] Pruned)>();
            for (int m = 0; m < Methods.Length; m++)
            {
                string phase = $"keep {Guard.Format(keep)}: {Methods[m].Name()}";
                progress?.Invoke(phase, 0);
                double[] scores = PruningRule.Scores(Methods[m], network, d);
                double r = PruningRule.Oversampling(scores, target);
                double[] p = PruningRule.Probabilities(scores, r);
                (double[] w, int kept) = PruningRule.Prune(network, p, new Xoshiro256(Stream(options.Seed, 100 + (10 * q) + m)), options.Rescale);
                double[] pruned = network.Dynamics(w);
                Unbiasedness unbiased = CheckUnbiased(network, p, options, Stream(options.Seed, 10_000 + (10 * q) + m));
                var spectra = new SpectralCheck.Comparison[Math.Max(1, options.Repeats)];
                spectra[0] = spectral.Compare(pruned);
                for (int rep = 1; rep < spectra.Length; rep++)
                {
                    progress?.Invoke(phase, (double)rep / spectra.Length);
                    (double[] again, _) = PruningRule.Prune(network, p, new Xoshiro256(Stream(options.Seed, 100_000 + (1000 * rep) + (10 * q) + m)), options.Rescale);
                    spectra[rep] = spectral.Compare(network.Dynamics(again));
                }

                progress?.Invoke(phase, 1);
                methods.Add((Methods[m], r, p, kept, spectra, unbiased, pruned));
            }

            string response = $"keep {Guard.Format(keep)}: response";
            (double[] t, double[][] errors) = NetworkDynamics.Response([a, .. methods.Select(x => x.Pruned)], n, input, options.Dt, options.Steps, options.Noise, 100,
                Stream(options.Seed, 2 + q), f => progress?.Invoke(response, f));
            times = t;
            keeps.Add(new KeepResult(keep, target, [.. methods.Select((x, k) => new MethodResult(x.Method, x.R, x.P.Sum(), x.Kept, x.Spectra, x.Unbiased, errors[k]))]));
        }

        return new Result(network, slowest, spectral.Eigenvalues, check, times, [.. keeps], DenseAlgebra.UsesNative(native));
    }

    /// <summary>
    /// Half of Euler's stability limit over A's eigenvalues: |1 + dt lambda| &lt; 1 needs dt &lt; -2 Re(lambda) / |lambda|^2;
    /// the half leaves room for a pruned network's spectrum, which spreads wider than the full one's.
    /// </summary>
    public static double EulerStepLimit(IEnumerable<Complex> eigenvalues) =>
        eigenvalues.Min(v => -v.Real / (v.Magnitude * v.Magnitude));

    /// <summary>A seed for one of the run's random streams.</summary>
    internal static ulong Stream(ulong seed, int stream) => seed ^ ((ulong)(stream + 1) * 0x9E3779B97F4A7C15UL);

    /// <summary>A complex number as a + bi, or a real one alone.</summary>
    public static string Format(Complex z) => z.Imaginary == 0
        ? z.Real.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)
        : FormattableString.Invariant($"{z.Real:G6}{(z.Imaginary < 0 ? "-" : "+")}{Math.Abs(z.Imaginary):G6}i");

    private static CovarianceCheck CheckCovariance(RecurrentNetwork network, double[] a, double[] c, Options options, Action<double> progress)
    {
        int n = network.N;
        bool native = DenseAlgebra.UsesNative(options.Native);
        string method = native ? "Bartels-Stewart (LAPACK dgees, dtrsyl)" : "Roberts' sign-function iteration (managed)";

        // residual of A C + C A^T + I, one product, since C A^T = (A C)^T for a symmetric C
        double[] ac = DenseAlgebra.Multiply(a, c, n, options.Native);
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = ac[(i * n) + j] + ac[(j * n) + i] + (i == j ? 1 : 0);
                residual += v * v;
            }
        }

        residual = Math.Sqrt(residual / n);
        double cNorm = Math.Sqrt(c.Sum(v => v * v));
        if (network.Symmetric)
        {
            double[]? closed = DenseAlgebra.SymmetricCovariance(a, n, options.Native);
            double error = closed is null ? double.NaN : Math.Sqrt(c.Zip(closed, (x, y) => (x - y) * (x - y)).Sum()) / cNorm;
            return new CovarianceCheck(method, residual, "-A^-1 / 2", error, double.NaN, double.NaN);
        }

        if (options.CheckTime <= 0)
        {
            return new CovarianceCheck(method, residual, "not checked (--check-time 0)", double.NaN, double.NaN, double.NaN);
        }

        const int batches = 10;
        int steps = (int)Math.Ceiling(options.CheckTime / options.Dt);
        int thin = Math.Max(1, (int)Math.Round(0.1 / options.Dt));
        (double[] whole, double[][] parts) = NetworkDynamics.SampleCovariance(a, n, options.Dt, steps, thin, batches, Stream(options.Seed, 3), progress);
        double Error(double[] s) => Math.Sqrt(s.Zip(c, (x, y) => (x - y) * (x - y)).Sum()) / cNorm;
        double rms = Math.Sqrt(parts.Average(p => Error(p) * Error(p)));
        return new CovarianceCheck(method, residual, FormattableString.Invariant($"Euler-Maruyama, unit noise, t = {options.CheckTime:G4}, dt = {options.Dt:G3}"),
            Error(whole), rms / Math.Sqrt(batches), double.NaN);
    }

    private static Unbiasedness CheckUnbiased(RecurrentNetwork network, double[] p, Options options, ulong seed)
    {
        int n = network.N, m = p.Length;
        var sum = new double[m];
        var draw = new double[m];
        var rng = new Xoshiro256(seed);
        for (int k = 0; k < options.Draws; k++)
        {
            PruningRule.SampleSynapses(network, p, rng, options.Rescale, draw);
            for (int s = 0; s < m; s++)
            {
                sum[s] += draw[s];
            }
        }

        double zz = 0, zzzz = 0, mass = 0, massVariance = 0, absolute = 0, deviation = 0, expected = 0, norm = 0;
        int counted = 0;
        for (int s = 0; s < m; s++)
        {
            double w = network.Weights[(network.SynapseRows[s] * n) + network.SynapseColumns[s]];
            double mean = sum[s] / options.Draws;
            double variance = w * w * (1 - p[s]) / (p[s] * options.Draws); // of the mean, when rescaled
            double diff = mean - w;
            deviation += diff * diff;
            expected += variance;
            norm += w * w;
            mass += Math.Sign(w) * diff;
            massVariance += variance;
            absolute += Math.Abs(w);
            if (p[s] < 1)
            {
                double z2 = diff * diff / variance;
                zz += z2;
                zzzz += z2 * z2;
                counted++;
            }
        }

        double meanZ2 = counted == 0 ? double.NaN : zz / counted;
        double se = counted < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (zzzz / counted) - (meanZ2 * meanZ2)) / (counted - 1));
        return new Unbiasedness(meanZ2, se, mass / absolute, Math.Sqrt(massVariance) / absolute, Math.Sqrt(deviation / norm), Math.Sqrt(expected / norm));
    }
}
