using MathNet.Numerics.LinearAlgebra;
using Theory.Stats;

namespace Theory.Plasticity;

/// <summary>How the rule is fitted.</summary>
/// <param name="Optimizer">"lm" (Levenberg-Marquardt on the Jacobian of 13.5) or "adam" (the authors': one trajectory per step).</param>
/// <param name="Free">The terms the fit may use (the rest stay 0).</param>
/// <param name="L1">lambda_1 of (13.4) (Adam only).</param>
/// <param name="Iterations">LM iterations at most, or Adam epochs (passes over the trajectories).</param>
/// <param name="LearningRate">Adam's learning rate (the authors: 1e-3).</param>
/// <param name="Threads">Trajectories evaluated in parallel (the sums are reduced in a fixed order: threads never change a bit).</param>
public sealed record FitOptions(string Optimizer, int[] Free, double L1, int Iterations, double LearningRate, int Threads);

/// <summary>A fitted rule.</summary>
/// <param name="Theta">The 27 coefficients (0 outside the free terms).</param>
/// <param name="Loss">(13.4) after each iteration (LM) or epoch (Adam), the first entry at the start.</param>
/// <param name="Iterations">Iterations or epochs run.</param>
/// <param name="Converged">Whether LM stopped on its tolerance (Adam: whether it ran every epoch without diverging).</param>
/// <param name="Rss">Sum of squared residuals at the end.</param>
/// <param name="Observations">Number of observed outputs.</param>
/// <param name="Free">The free terms.</param>
/// <param name="JtJ">J^T J over the free terms at the end (row-major).</param>
/// <param name="History">theta after each entry of <paramref name="Loss"/>.</param>
public sealed record FitResult(double[] Theta, double[] Loss, int Iterations, bool Converged, double Rss, long Observations, int[] Free, double[] JtJ, double[][] History);

/// <summary>One near-null direction of J: a combination of terms the data cannot tell apart from 0.</summary>
/// <param name="SingularValue">Its singular value of J.</param>
/// <param name="Relative">The singular value over the largest.</param>
/// <param name="Combination">The unit direction over the free terms.</param>
public sealed record NullDirection(double SingularValue, double Relative, double[] Combination);

/// <summary>Fits (13.2)'s coefficients to a recording by the loss (13.4), and the checks a reader needs beside the fit.</summary>
public static class PlasticityFit
{
    /// <summary>Levenberg-Marquardt stops after <see cref="StallSteps"/> accepted steps in a row that each lower the loss by less than this fraction.</summary>
    public const double StallTolerance = 1e-2;

    /// <summary>See <see cref="StallTolerance"/>.</summary>
    public const int StallSteps = 3;

    /// <summary>A seed for one of a data set's random streams.</summary>
    internal static ulong Stream(ulong seed, int stream) => seed ^ ((ulong)(stream + 1) * 0xD1B54A32D192ED03UL);

    /// <summary>
    /// The least-squares sums of the whole recording at theta: RSS, J^T r and (with <paramref name="withJtJ"/>) J^T J,
    /// or null if a trajectory diverged. Trajectories run in parallel; their sums are added in trajectory order.
    /// </summary>
    /// <remarks>
    /// The cost is that of the sensitivities, n x |M| x p numbers carried through every step; <see cref="Rss"/>
    /// alone runs the network forward only, about p times cheaper.
    /// </remarks>
    public static (double Rss, double[] Jtr, double[]? JtJ)? Sums(PlasticityModel model, Recording recording, double[] theta, int[] free, bool withJtJ, int threads,
        IReadOnlyList<int>? only = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(free);
        int[] which = only is null ? [.. Enumerable.Range(0, recording.Trajectories.Length)] : [.. only];
        int p = free.Length, steps = recording.Targets[0].Length / model.Outputs;
        var rss = new double[which.Length];
        var jtr = new double[which.Length][];
        var jtj = new double[which.Length][];
        var ok = new bool[which.Length];
        Parallel.For(0, which.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            jtr[k] = new double[p];
            jtj[k] = withJtJ ? new double[p * p] : [];
            double r = 0;
            ok[k] = model.Accumulate(theta, free, recording.Trajectories[which[k]], recording.Targets[which[k]], recording.Observed, steps, jtr[k], withJtJ ? jtj[k] : null, ref r);
            rss[k] = r;
        });
        if (ok.Any(v => !v))
        {
            return null;
        }

        double total = 0;
        var sumJtr = new double[p];
        double[]? sumJtJ = withJtJ ? new double[p * p] : null;
        for (int k = 0; k < which.Length; k++)
        {
            total += rss[k];
            for (int q = 0; q < p; q++)
            {
                sumJtr[q] += jtr[k][q];
            }

            if (sumJtJ is not null)
            {
                for (int q = 0; q < sumJtJ.Length; q++)
                {
                    sumJtJ[q] += jtj[k][q];
                }
            }
        }

        return (total, sumJtr, sumJtJ);
    }

    /// <summary>The sum of squared residuals at theta (a forward run of the observed units only), or null if a trajectory diverged.</summary>
    public static double? Rss(PlasticityModel model, Recording recording, double[] theta, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recording);
        int steps = recording.Targets[0].Length / model.Outputs;
        var rss = new double[recording.Trajectories.Length];
        var ok = new bool[rss.Length];
        Parallel.For(0, rss.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            double r = 0;
            ok[k] = model.Accumulate(theta, [], recording.Trajectories[k], recording.Targets[k], recording.Observed, steps, null, null, ref r);
            rss[k] = r;
        });
        if (ok.Any(v => !v))
        {
            return null;
        }

        double total = 0;
        foreach (double r in rss)
        {
            total += r;
        }

        return total;
    }

    /// <summary>Observed outputs in the recording (or in <paramref name="trajectories"/> of them).</summary>
    public static long ObservationCount(Recording recording, int trajectories, PlasticityModel model)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(model);
        return (long)trajectories * (recording.Targets[0].Length / model.Outputs) * recording.ObservedCount;
    }

    /// <summary>Fits the rule; <paramref name="progress"/> gets the fraction done and the current loss.</summary>
    public static FitResult Fit(PlasticityModel model, Recording recording, FitOptions options, Action<double, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(options);
        return options.Optimizer == "adam" ? Adam(model, recording, options, progress) : LevenbergMarquardt(model, recording, options, progress);
    }

    private static FitResult LevenbergMarquardt(PlasticityModel model, Recording recording, FitOptions options, Action<double, double>? progress)
    {
        int[] free = options.Free;
        int p = free.Length;
        long count = ObservationCount(recording, recording.Trajectories.Length, model);
        var theta = new double[PlasticityRule.Terms];
        var (rss, jtr, jtj) = Sums(model, recording, theta, free, true, options.Threads) ?? throw new InvalidOperationException("the fit diverged at theta = 0.");
        var losses = new List<double> { rss / count };
        var history = new List<double[]> { (double[])theta.Clone() };
        double mu = 1e-3;
        int stalled = 0;
        bool converged = false;
        int iteration = 0;
        while (iteration < options.Iterations && !converged)
        {
            iteration++;
            bool accepted = false;
            for (int tries = 0; tries < 30 && !accepted; tries++)
            {
                // (J^T J + mu diag(J^T J)) delta = -J^T r, with a floor on the diagonal so a dead term cannot make it singular
                Matrix<double> a = Matrix<double>.Build.DenseOfRowMajor(p, p, jtj!);
                double floor = 1e-12 * Math.Max(1e-300, Enumerable.Range(0, p).Max(q => a[q, q]));
                for (int q = 0; q < p; q++)
                {
                    a[q, q] += (mu * a[q, q]) + floor;
                }

                Vector<double> delta = a.Cholesky().Solve(-Vector<double>.Build.DenseOfArray(jtr));
                var trial = (double[])theta.Clone();
                for (int q = 0; q < p; q++)
                {
                    trial[free[q]] += delta[q];
                }

                // A trial costs a forward run; only an accepted step pays for the sensitivities.
                if (Rss(model, recording, trial, options.Threads) is { } trialRss && trialRss < rss
                    && Sums(model, recording, trial, free, true, options.Threads) is { } n)
                {
                    double decrease = (rss - n.Rss) / Math.Max(rss, 1e-300);
                    double stepSize = Math.Sqrt(delta.Sum(v => v * v));
                    theta = trial;
                    (rss, jtr, jtj) = n;
                    mu = Math.Max(1e-12, mu / 3);
                    accepted = true;
                    // Stalled: StallSteps accepted steps in a row, each lowering the loss by less than StallTolerance of
                    // it (while mu falls threefold per step). On an ill-conditioned J the steps after that only creep
                    // along its near-null directions: measured at 500 -> 50, noise 0.01, 3e-4 of the loss in 98 steps;
                    // noise-free, 0.8% a step at 1e-10 of the starting loss, with R^2 already 1 to six places.
                    stalled = decrease < StallTolerance ? stalled + 1 : 0;
                    converged = stalled >= StallSteps || stepSize < 1e-12 * (1 + Math.Sqrt(theta.Sum(v => v * v))) || rss / count < 1e-30;
                }
                else
                {
                    mu *= 4;
                }
            }

            if (!accepted)
            {
                converged = true; // no step lowers the loss: a minimum to rounding
            }

            losses.Add(rss / count);
            history.Add((double[])theta.Clone());
            progress?.Invoke((double)iteration / options.Iterations, rss / count);
        }

        return new FitResult(theta, [.. losses], iteration, converged, rss, count, free, jtj!, [.. history]);
    }

    private static FitResult Adam(PlasticityModel model, Recording recording, FitOptions options, Action<double, double>? progress)
    {
        int[] free = options.Free;
        int p = free.Length, trajectories = recording.Trajectories.Length;
        long perTrajectory = ObservationCount(recording, 1, model);
        var theta = new double[PlasticityRule.Terms];
        double[] m1 = new double[p], m2 = new double[p];
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        long step = 0;
        double Penalty(double[] th) => options.L1 * free.Sum(k => Math.Abs(th[k]));
        var start = Sums(model, recording, theta, free, false, options.Threads) ?? throw new InvalidOperationException("the fit diverged at theta = 0.");
        var losses = new List<double> { (start.Rss / (perTrajectory * trajectories)) + Penalty(theta) };
        var history = new List<double[]> { (double[])theta.Clone() };
        bool converged = true;
        int epoch = 0;
        for (; epoch < options.Iterations; epoch++)
        {
            double epochLoss = 0;
            for (int k = 0; k < trajectories; k++)
            {
                var sums = Sums(model, recording, theta, free, false, 1, [k]);
                if (sums is not { } s)
                {
                    converged = false;
                    break;
                }

                epochLoss += s.Rss / perTrajectory;
                step++;
                for (int q = 0; q < p; q++)
                {
                    // (13.7): 2 / (T |M|) sum r dy/dtheta + lambda_1 sign(theta)
                    double g = (2 * s.Jtr[q] / perTrajectory) + (options.L1 * Math.Sign(theta[free[q]]));
                    m1[q] = (beta1 * m1[q]) + ((1 - beta1) * g);
                    m2[q] = (beta2 * m2[q]) + ((1 - beta2) * g * g);
                    double mHat = m1[q] / (1 - Math.Pow(beta1, step)), vHat = m2[q] / (1 - Math.Pow(beta2, step));
                    theta[free[q]] -= options.LearningRate * mHat / (Math.Sqrt(vHat) + epsilon);
                }
            }

            if (!converged)
            {
                break;
            }

            losses.Add((epochLoss / trajectories) + Penalty(theta));
            history.Add((double[])theta.Clone());
            progress?.Invoke((epoch + 1.0) / options.Iterations, losses[^1]);
        }

        var end = Sums(model, recording, theta, free, true, options.Threads);
        long count = perTrajectory * trajectories;
        return end is { } e
            ? new FitResult(theta, [.. losses], epoch, converged, e.Rss, count, free, e.JtJ!, [.. history])
            : new FitResult(theta, [.. losses], epoch, false, double.NaN, count, free, new double[p * p], [.. history]);
    }

    /// <summary>
    /// Local standard errors from (J^T J)^-1 scaled by the residual variance RSS / (N - p); directions J cannot see
    /// (eigenvalue 0) give an infinite SE for the terms in them.
    /// </summary>
    public static double[] StandardErrors(FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        int p = fit.Free.Length;
        double variance = fit.Rss / Math.Max(1, fit.Observations - p);
        var evd = Matrix<double>.Build.DenseOfRowMajor(p, p, fit.JtJ).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var se = new double[PlasticityRule.Terms];
        for (int q = 0; q < p; q++)
        {
            double sum = 0;
            for (int k = 0; k < p; k++)
            {
                double lambda = evd.EigenValues[k].Real, v = evd.EigenVectors[q, k];
                sum += lambda > 0 ? v * v / lambda : (v != 0 ? double.PositiveInfinity : 0);
            }

            se[fit.Free[q]] = Math.Sqrt(variance * sum);
        }

        return se;
    }

    /// <summary>The singular values of J (largest first) and the directions whose singular value is below <paramref name="threshold"/> times the largest.</summary>
    public static (double[] SingularValues, NullDirection[] Null) Identifiability(FitResult fit, double threshold)
    {
        ArgumentNullException.ThrowIfNull(fit);
        int p = fit.Free.Length;
        var evd = Matrix<double>.Build.DenseOfRowMajor(p, p, fit.JtJ).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        int[] order = [.. Enumerable.Range(0, p).OrderByDescending(k => evd.EigenValues[k].Real)];
        double[] singular = [.. order.Select(k => Math.Sqrt(Math.Max(0, evd.EigenValues[k].Real)))];
        double largest = singular.Length > 0 ? singular[0] : 0;
        var directions = new List<NullDirection>();
        for (int r = 0; r < p; r++)
        {
            if (largest > 0 && singular[r] < threshold * largest)
            {
                double[] v = [.. Enumerable.Range(0, p).Select(q => evd.EigenVectors[q, order[r]])];
                int big = Array.IndexOf(v, v.MaxBy(Math.Abs));
                if (v[big] < 0)
                {
                    v = [.. v.Select(x => -x)]; // the sign that makes the largest weight positive
                }

                directions.Add(new NullDirection(singular[r], singular[r] / largest, v));
            }
        }

        return (singular, [.. directions]);
    }

    /// <summary>A direction as terms: "0.707 theta_110 - 0.707 theta_210" (weights of at least 0.1 in size).</summary>
    public static string Describe(NullDirection direction, int[] free)
    {
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(free);
        var parts = Enumerable.Range(0, free.Length).Where(q => Math.Abs(direction.Combination[q]) >= 0.1).OrderByDescending(q => Math.Abs(direction.Combination[q]))
            .Select((q, i) => (i == 0 ? (direction.Combination[q] < 0 ? "-" : string.Empty) : (direction.Combination[q] < 0 ? " - " : " + "))
                + FormattableString.Invariant($"{Math.Abs(direction.Combination[q]):F3} theta_{PlasticityRule.Label(free[q])} ({PlasticityRule.Monomial(free[q])})"));
        return string.Concat(parts);
    }

    /// <summary>
    /// The authors' score: from <paramref name="starts"/> fresh W_0 (and inputs), R^2 of the fitted rule's weight and
    /// activity trajectories against the true rule's, 1 - SS(fit - true) / SS(true - its mean); and the same for the
    /// weight changes W_t - W_0, whose variance W_0 does not inflate (both rules start from it, so the weights' R^2 is
    /// near 1 whenever the changes are small beside W_0). NaN when the fitted rule diverges.
    /// </summary>
    public static (double Weights, double Activity, double Changes) HeldOutR2(PlasticityModel model, double[] truth, double[] fitted, RecordingOptions options, int starts)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Trajectory[] fresh = PlasticityData.Starts(model, options, Stream(options.Seed, 50), starts);
        int n = model.Inputs, m = model.Outputs, steps = options.Steps, size = n * m;
        double[] sum = new double[3], sumSq = new double[3], residual = new double[3];
        long[] count = new long[3];
        foreach (Trajectory start in fresh)
        {
            double[] yTrue = new double[steps * m], yFit = new double[steps * m];
            double[] wTrue = new double[(steps + 1) * size], wFit = new double[(steps + 1) * size];
            if (model.Simulate(truth, start, steps, yTrue, wTrue) >= 0 || model.Simulate(fitted, start, steps, yFit, wFit) >= 0)
            {
                return (double.NaN, double.NaN, double.NaN);
            }

            Add(0, wTrue, wFit, 0);
            Add(1, yTrue, yFit, 0);
            Add(2, wTrue, wFit, size);
        }

        // from element `from` on; for the changes, each value less its synapse's W_0 (the first `size` values)
        void Add(int s, double[] truthValues, double[] fitValues, int from)
        {
            for (int k = from; k < truthValues.Length; k++)
            {
                double origin = from == 0 ? 0 : truthValues[k % size];
                double t = truthValues[k] - origin, d = fitValues[k] - truthValues[k];
                sum[s] += t;
                sumSq[s] += t * t;
                residual[s] += d * d;
                count[s]++;
            }
        }

        double R2(int s) => 1 - (residual[s] / (sumSq[s] - (sum[s] * sum[s] / count[s])));
        return (R2(0), R2(1), R2(2));
    }
}
