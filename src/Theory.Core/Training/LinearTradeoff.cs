using Theory.Analytic;
using Theory.Stats;

namespace Theory.Training;

/// <summary>One tradeoff fit in the linear Gaussian model, beside its closed form (THEORY.md section 10).</summary>
/// <param name="Mechanism">Mechanism name.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="C">Cost coefficient c = lambda s^rho / rho.</param>
/// <param name="Setting">Heterogeneous or homogeneous.</param>
/// <param name="Lambda">c rho / s^rho.</param>
/// <param name="RmsSigma">sqrt(mean sigma_i^2) of the trained noise.</param>
/// <param name="ClosedRmsSigma">The same of the closed form: sigma_i* (heterogeneous) or sigma_hom.</param>
/// <param name="MaxRelativeError">max_i |sigma_i / closed form - 1|.</param>
/// <param name="ReliabilityCost">R = sum (1/rho)(s/sigma_i)^rho at the trained noise.</param>
/// <param name="ExcessCost">P = (1/2) sum h_i sigma_i^2, the performance cost of the trained noise.</param>
/// <param name="Loss">P + lambda R at the trained noise.</param>
/// <param name="ClosedLoss">L_het or L_hom, the closed-form least total cost.</param>
public sealed record LinearTradeoffRun(
    string Mechanism,
    double Rho,
    double C,
    NoiseSetting Setting,
    double Lambda,
    double RmsSigma,
    double ClosedRmsSigma,
    double MaxRelativeError,
    double ReliabilityCost,
    double ExcessCost,
    double Loss,
    double ClosedLoss);

/// <summary>Per rho, the trained ratios against the closed forms.</summary>
/// <param name="Mechanism">Mechanism name.</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="PowerMeanRatio">M_a(h)/M_1(h): the predicted P_het/P_hom at matched reliability cost.</param>
/// <param name="ClosedLossRatio">(M_a(h)/M_1(h))^a: the predicted L_het/L_hom at every c.</param>
/// <param name="LossRatio">Per c, the trained L_het/L_hom.</param>
/// <param name="ExcessRatio">Per heterogeneous run, P_het / P_hom at its reliability cost R, P_hom interpolated on ln R
/// between the homogeneous runs in ln P (exact for P_hom, a power of R; NaN outside their range).</param>
public sealed record LinearTradeoffSummary(
    string Mechanism,
    double Rho,
    double PowerMeanRatio,
    double ClosedLossRatio,
    (double C, double Ratio)[] LossRatio,
    (double C, double ReliabilityCost, double Ratio)[] ExcessRatio);

/// <summary>The tradeoff sweep on the linear Gaussian model, trained by `theory linear`'s trainer on the exact loss.</summary>
public static class LinearTradeoff
{
    /// <summary>
    /// Adam's second-moment decay for these fits: 0.9, not the 0.99 of `theory linear`. The exact loss has no gradient
    /// noise to average, and across the grid's seven decades of c the phi gradient falls by up to ten decades while
    /// sigma grows from its start towards sigma*; with 0.99's memory of the early gradients the steps shrink with it,
    /// and at c = 1e4 sigma stopped at 0.18 where sigma* is 3.4 (rho 2). With 0.9 every fit of the default grid lands
    /// within 5e-7 of its closed form.
    /// </summary>
    public const double ExactLossBeta2 = 0.9;

    /// <summary>
    /// Adam's first learning rate for these fits (decaying geometrically to 1e-5): 0.2, not `theory linear`'s 0.05.
    /// Where sigma is large, sigma = softplus(phi) is about phi, and phi moves at most the sum of the learning rates
    /// (23 at 0.05 over 4000 steps, 94 at 0.2): at c = 1e4 with few samples (d 40, N 800) sigma* reaches 20, which
    /// 0.05 left 29% short. The exact loss has no noise for the larger steps to amplify.
    /// </summary>
    public const double ExactLossLearningRate = 0.2;

    /// <summary>Trains one task on the exact expected loss and compares it with the closed form.</summary>
    public static LinearTradeoffRun Run(LinearGaussianModel model, StochasticLinearRegression.Options shared, TradeoffTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(task);
        double[] h = Importances(model);
        double s = shared.S, lambda = task.Lambda(s);
        var options = shared with { Rho = task.Rho, Lambda = lambda, Setting = task.Setting, Estimator = GradientEstimator.Exact, Beta2 = ExactLossBeta2, LearningRate = ExactLossLearningRate };
        double[] sigma = StochasticLinearRegression.Train(model, options).Sigma;
        if (!sigma.All(v => double.IsFinite(v) && v > 0))
        {
            throw new InvalidOperationException($"training diverged (rho {Guard.Format(task.Rho)}, c {Guard.Format(task.C)}): a sigma is no longer finite and positive.");
        }

        bool het = task.Setting == NoiseSetting.Heterogeneous;
        double[] closed = het ? OptimalNoise.Sigmas(task.Rho, s, lambda, h) : [.. Enumerable.Repeat(Tradeoff.HomogeneousSigma(task.Rho, s, lambda, h), h.Length)];
        double reliability = sigma.Sum(v => ReliabilityCost.Value(task.Rho, s, 1, v));
        double excess = 0.5 * sigma.Select((v, i) => h[i] * v * v).Sum();
        return new LinearTradeoffRun(
            task.Mechanism, task.Rho, task.C, task.Setting, lambda,
            Rms(sigma), Rms(closed),
            sigma.Select((v, i) => Math.Abs((v / closed[i]) - 1)).Max(),
            reliability, excess, excess + (lambda * reliability),
            het ? Tradeoff.HeterogeneousLoss(task.Rho, s, lambda, h) : Tradeoff.HomogeneousLoss(task.Rho, s, lambda, h));
    }

    /// <summary>The per-rho ratios of one mechanism's runs.</summary>
    public static LinearTradeoffSummary Summarise(LinearGaussianModel model, IReadOnlyList<LinearTradeoffRun> runs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0 || runs.Any(r => r.Rho != runs[0].Rho))
        {
            throw new ArgumentException("a summary needs the runs of one rho.", nameof(runs));
        }

        double rho = runs[0].Rho;
        double[] h = Importances(model);
        LinearTradeoffRun[] het = [.. runs.Where(r => r.Setting == NoiseSetting.Heterogeneous).OrderBy(r => r.C)];
        LinearTradeoffRun[] hom = [.. runs.Where(r => r.Setting == NoiseSetting.Homogeneous).OrderBy(r => r.C)];
        double[] homLogR = [.. hom.Select(r => Math.Log(r.ReliabilityCost))], homLogP = [.. hom.Select(r => Math.Log(r.ExcessCost))];
        return new LinearTradeoffSummary(
            runs[0].Mechanism, rho,
            Tradeoff.ExcessCostRatio(rho, h),
            Tradeoff.LossRatio(rho, h),
            [.. het.Select(r => (r.C, r.Loss / (hom.FirstOrDefault(x => x.C == r.C)?.Loss ?? double.NaN)))],
            [.. het.Select(r => (r.C, r.ReliabilityCost, r.ExcessCost / Math.Exp(Interpolation.Linear(homLogR, homLogP, Math.Log(r.ReliabilityCost)))))]);
    }

    /// <summary>h_i = A_ii / sigma_y^2, refused when a synapse never sees input (its sigma* is unbounded, and the power means need h &gt; 0).</summary>
    public static double[] Importances(LinearGaussianModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double[] h = model.Importance();
        int silent = h.Count(v => !(v > 0));
        return silent == 0 ? h : throw new ArgumentException(
            $"{silent} of {h.Length} synapses never see a non-zero input (A_ii = 0), so their optimal noise is unbounded and the power means undefined; use more samples.", nameof(model));
    }

    private static double Rms(double[] values) => Math.Sqrt(values.Average(v => v * v));
}
