using Theory.Stats;
using Theory.Training;

namespace Theory.Synapses;

/// <summary>
/// The Bayesian synapse of Aitchison et al. (Nature Neuroscience 2021) in the linear Gaussian model (THEORY.md
/// section 7): each synapse keeps a mean m_i and a variance s_i^2, a diagonal Kalman filter run online over the data.
/// Static weights (tau infinite) or an Ornstein-Uhlenbeck drift with time constant tau and stationary variance
/// sigma_0^2.
/// </summary>
public static class BayesianFilter
{
    /// <summary>What a filter run leaves per synapse.</summary>
    /// <param name="Variance">s_i^2: after the last step (static), or its mean over the second half of the run (drifting: the steady state).</param>
    /// <param name="LearningRate">The mean, over the second half's steps where x_i = 1, of the update's gain s_i^2 / sigma_delta^2.</param>
    /// <param name="MeanSigmaDeltaSquared">The mean of sigma_delta^2 = sigma_y^2 + sum_j s_j^2 x_j^2 over the window.</param>
    /// <param name="Mean">m_i at the end.</param>
    public sealed record Result(double[] Variance, double[] LearningRate, double MeanSigmaDeltaSquared, double[] Mean);

    /// <summary>Filters the rows of a data set in order, with static weights (no predict step) and prior N(0, sigma_0^2).</summary>
    public static Result RunStatic(MathNet.Numerics.LinearAlgebra.Matrix<double> design, IReadOnlyList<double> targets, double sigmaY, double sigma0)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(targets);
        int n = design.RowCount, d = design.ColumnCount;
        double[] x = new double[d];
        var state = new State(d, sigma0);
        for (int t = 0; t < n; t++)
        {
            for (int i = 0; i < d; i++)
            {
                x[i] = design[t, i];
            }

            state.Update(x, targets[t], sigmaY, record: t >= n / 2);
        }

        return state.Result(useLast: true);
    }

    /// <summary>
    /// Runs the filter for <paramref name="steps"/> steps on data drawn as it goes: inputs with the given rates and
    /// correlation, a teacher drifting as w &lt;- (1 - 1/tau) w + sqrt(1 - (1 - 1/tau)^2) sigma_0 xi, and y = w.x + sigma_y eps.
    /// The filter predicts with the same OU before each update. The variances are averaged over the second half.
    /// </summary>
    public static Result RunDrifting(double[] rates, double correlation, double sigmaY, double sigma0, double tau, int steps, ulong seed, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (!(tau > 1) || !double.IsFinite(tau))
        {
            throw new ArgumentException($"tau must be a finite number above 1 (got {Guard.Format(tau)}).", nameof(tau));
        }

        if (steps < 2)
        {
            throw new ArgumentException($"steps must be at least 2 (got {steps}).", nameof(steps));
        }

        int d = rates.Length;
        var rng = new Xoshiro256(seed);
        var inputs = new SyntheticLinearData.InputSampler(rates, correlation);
        double keep = 1 - (1 / tau), kick = Math.Sqrt(1 - (keep * keep)) * sigma0;
        var teacher = new double[d];
        for (int i = 0; i < d; i++)
        {
            teacher[i] = sigma0 * rng.NextGaussian();
        }

        var x = new double[d];
        var state = new State(d, sigma0);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < d; i++)
            {
                teacher[i] = (keep * teacher[i]) + (kick * rng.NextGaussian());
            }

            inputs.Draw(rng, x);
            double y = sigmaY * rng.NextGaussian();
            for (int i = 0; i < d; i++)
            {
                y += teacher[i] * x[i];
            }

            state.Predict(keep, sigma0);
            state.Update(x, y, sigmaY, record: t >= steps / 2);
            if (progress is not null && (t & 4095) == 0)
            {
                progress((double)t / steps);
            }
        }

        return state.Result(useLast: false);
    }

    /// <summary>
    /// Section 7's steady state of the drifting filter: s_i^2 = sigma_0 sigma_delta sqrt(2 / (tau r_i)), where the
    /// variance the drift adds per step (2 sigma_0^2 / tau) balances what an input's update removes (s^4 / sigma_delta^2,
    /// r_i times a step). It holds when every update is small (s_i^2 &lt;&lt; sigma_delta^2, that is tau r_i &gt;&gt; 1).
    /// </summary>
    public static double SteadyStateVariance(double rate, double sigma0, double sigmaDelta, double tau) =>
        sigma0 * sigmaDelta * Math.Sqrt(2 / (tau * rate));

    private sealed class State
    {
        private readonly double[] _m, _s2, _rateSum, _s2Sum;
        private readonly int[] _rateCount;
        private int _recorded;
        private double _deltaSum;

        public State(int d, double sigma0)
        {
            (_m, _s2, _rateSum, _s2Sum, _rateCount) = (new double[d], new double[d], new double[d], new double[d], new int[d]);
            Array.Fill(_s2, sigma0 * sigma0);
        }

        public void Predict(double keep, double sigma0)
        {
            double add = (1 - (keep * keep)) * sigma0 * sigma0;
            for (int i = 0; i < _m.Length; i++)
            {
                _m[i] *= keep;
                _s2[i] = (keep * keep * _s2[i]) + add;
            }
        }

        // delta and sigma_delta^2 from the predicted state, then every synapse updated together.
        public void Update(double[] x, double y, double sigmaY, bool record)
        {
            double prediction = 0, spread = sigmaY * sigmaY;
            for (int i = 0; i < x.Length; i++)
            {
                prediction += _m[i] * x[i];
                spread += _s2[i] * x[i] * x[i];
            }

            double delta = y - prediction;
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] == 0)
                {
                    continue;
                }

                double gain = _s2[i] / spread;
                if (record)
                {
                    _rateSum[i] += gain;
                    _rateCount[i]++;
                }

                _m[i] += gain * x[i] * delta;
                _s2[i] -= _s2[i] * _s2[i] * x[i] * x[i] / spread;
            }

            if (record)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    _s2Sum[i] += _s2[i];
                }

                _deltaSum += spread;
                _recorded++;
            }
        }

        public Result Result(bool useLast) => new(
            useLast ? (double[])_s2.Clone() : [.. _s2Sum.Select(v => v / _recorded)],
            [.. _rateSum.Select((v, i) => _rateCount[i] == 0 ? double.NaN : v / _rateCount[i])],
            _deltaSum / _recorded,
            (double[])_m.Clone());
    }
}
