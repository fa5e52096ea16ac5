using MathNet.Numerics.LinearAlgebra;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// A seeded synthetic linear-regression data set: binary inputs x_ti in {0, 1} active with rates r_i spread
/// log-uniformly over [<see cref="Options.RateMin"/>, <see cref="Options.RateMax"/>], a teacher
/// w ~ N(0, 1), and targets y = w . x + N(0, sigma_y^2). E[A_ii] = N r_i (THEORY.md section 4).
/// </summary>
public sealed class SyntheticLinearData
{
    private SyntheticLinearData(Matrix<double> design, double[] targets, double[] rates, double[] teacher)
    {
        Design = design;
        Targets = targets;
        Rates = rates;
        Teacher = teacher;
    }

    /// <summary>Design matrix X (N x d).</summary>
    public Matrix<double> Design { get; }

    /// <summary>Targets y.</summary>
    public double[] Targets { get; }

    /// <summary>Each input's activation rate r_i.</summary>
    public double[] Rates { get; }

    /// <summary>The teacher weights.</summary>
    public double[] Teacher { get; }

    /// <summary>Generator settings.</summary>
    /// <param name="Synapses">d, number of inputs. Range: 2 to <see cref="MaxSynapses"/>.</param>
    /// <param name="Samples">N, number of data points. Range: 1 to <see cref="MaxSamples"/>, and N d at most <see cref="MaxEntries"/>.</param>
    /// <param name="RateMin">Lowest activation rate. Range: (0, RateMax).</param>
    /// <param name="RateMax">Highest activation rate. Range: (RateMin, 1].</param>
    /// <param name="SigmaY">Output noise standard deviation.</param>
    /// <param name="Seed">Random seed.</param>
    /// <param name="Correlation">Correlation c of the inputs' latent Gaussians, from 0 to 1 (below 1): x_ti = 1 when
    /// sqrt(c) g_t + sqrt(1 - c) g_ti &lt; Phi^-1(r_i), with g_t shared by every input at step t. The rates stay r_i;
    /// the binary inputs' correlation is smaller than c. 0 (the default) draws x_ti = 1 with probability r_i directly,
    /// the data of `theory linear`, bit for bit.</param>
    public sealed record Options(
        int Synapses = 200,
        int Samples = 4000,
        double RateMin = 0.005,
        double RateMax = 0.5,
        double SigmaY = 1.0,
        ulong Seed = 1,
        double Correlation = 0);

    /// <summary>Most synapses: the exact posterior inverts a d x d matrix (d^3 operations, 10^11 at 5000).</summary>
    public const int MaxSynapses = 5000;

    /// <summary>Most data points.</summary>
    public const int MaxSamples = 1_000_000;

    /// <summary>Most entries of the N x d design matrix (800 MB of doubles).</summary>
    public const long MaxEntries = 100_000_000;

    /// <summary>Draws a data set.</summary>
    public static SyntheticLinearData Generate(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Synapses < 2 || options.Synapses > MaxSynapses)
        {
            throw new ArgumentException($"synapses must be from 2 to {MaxSynapses} (got {options.Synapses}).", nameof(options));
        }

        if (options.Samples < 1 || options.Samples > MaxSamples)
        {
            throw new ArgumentException($"samples must be from 1 to {MaxSamples} (got {options.Samples}).", nameof(options));
        }

        if ((long)options.Samples * options.Synapses > MaxEntries)
        {
            throw new ArgumentException(
                $"samples x synapses must be at most {MaxEntries:G} (the design matrix's 8-byte entries; got {(long)options.Samples * options.Synapses:G}).", nameof(options));
        }

        if (!(options.RateMin > 0 && options.RateMin < options.RateMax && options.RateMax <= 1))
        {
            throw new ArgumentException("rates need 0 < RateMin < RateMax <= 1.", nameof(options));
        }

        Guard.StandardDeviation(options.SigmaY, "sigma-y");
        if (!(options.Correlation >= 0 && options.Correlation < 1))
        {
            throw new ArgumentException($"correlation must be from 0 to below 1 (got {Guard.Format(options.Correlation)}).", nameof(options));
        }

        var rng = new Xoshiro256(options.Seed);
        int d = options.Synapses, n = options.Samples;
        double lo = Math.Log(options.RateMin), hi = Math.Log(options.RateMax);
        var rates = new double[d];
        var teacher = new double[d];
        for (int i = 0; i < d; i++)
        {
            rates[i] = Math.Exp(lo + (hi - lo) * rng.NextDouble());
            teacher[i] = rng.NextGaussian();
        }

        var x = Matrix<double>.Build.Dense(n, d);
        var y = new double[n];
        var inputs = new InputSampler(rates, options.Correlation);
        var row = new double[d];
        for (int t = 0; t < n; t++)
        {
            double dot = 0;
            inputs.Draw(rng, row);
            for (int i = 0; i < d; i++)
            {
                if (row[i] != 0)
                {
                    x[t, i] = 1;
                    dot += teacher[i];
                }
            }

            y[t] = dot + options.SigmaY * rng.NextGaussian();
        }

        return new SyntheticLinearData(x, y, rates, teacher);
    }

    /// <summary>The linear Gaussian model of this data.</summary>
    public Analytic.LinearGaussianModel Model(double sigmaY) => new(Design, Targets, sigmaY);

    /// <summary>
    /// Draws one step's binary inputs: independently with probability r_i (correlation 0), or through a shared latent
    /// Gaussian (see <see cref="Options.Correlation"/>).
    /// </summary>
    public sealed class InputSampler
    {
        private readonly double[] _rates, _thresholds;
        private readonly double _shared, _own;

        /// <summary>For the given rates and latent correlation.</summary>
        public InputSampler(double[] rates, double correlation)
        {
            ArgumentNullException.ThrowIfNull(rates);
            _rates = rates;
            _thresholds = [.. rates.Select(r => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, r))];
            (_shared, _own) = (Math.Sqrt(correlation), Math.Sqrt(1 - correlation));
        }

        /// <summary>Fills <paramref name="x"/> with 0 or 1 per input.</summary>
        public void Draw(Xoshiro256 rng, Span<double> x)
        {
            ArgumentNullException.ThrowIfNull(rng);
            if (_shared == 0)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = rng.NextDouble() < _rates[i] ? 1 : 0;
                }

                return;
            }

            double g = rng.NextGaussian();
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (_shared * g) + (_own * rng.NextGaussian()) < _thresholds[i] ? 1 : 0;
            }
        }
    }
}
