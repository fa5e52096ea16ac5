using Theory.Analytic;
using Theory.Data;
using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// Energy-efficient noise against variational Bayes on the same data and network (THEORY.md sections 4, 6 and 11; the
/// paper's Figure 7): per weight, ln sigma^2 of an energy-efficient network against ln v of a mean-field VI network and
/// against the diagonal Laplace variance 1/(H + 1/sigma_0^2).
/// </summary>
public static class PosteriorComparison
{
    /// <summary>One energy-efficient run (a mechanism and a c) against the VI run, in one layer.</summary>
    /// <param name="Mechanism">Mechanism name.</param>
    /// <param name="Rho">Cost exponent.</param>
    /// <param name="C">Cost coefficient c = lambda s^rho / rho.</param>
    /// <param name="Layer">Layer index.</param>
    /// <param name="SlopeVi">d ln sigma^2 / d ln v_VI (OLS over the layer's weights).</param>
    /// <param name="SlopeViCi">Its 95% bootstrap CI.</param>
    /// <param name="RVi">Pearson r of ln sigma^2 and ln v_VI.</param>
    /// <param name="SlopeLaplace">d ln sigma^2 / d ln (1/(H + 1/sigma_0^2)), H the energy-efficient network's own exact Hessian diagonal.</param>
    /// <param name="SlopeLaplaceCi">Its 95% bootstrap CI.</param>
    /// <param name="Analytic">2/(2+rho), the large-prior slope.</param>
    /// <param name="AnalyticFinitePrior">The slope the closed form gives with this prior at these weights' H: the OLS slope of
    /// ln H^(-2/(2+rho)) on ln 1/(H + 1/sigma_0^2) (section 4's finite-prior correction).</param>
    /// <param name="Level">Median of ln sigma^2 - ln sigma*^2(H).</param>
    /// <param name="Scores">Test accuracy, NLL and ECE of the energy-efficient network with sampled weights.</param>
    /// <param name="Fitted">Weights in the fits (those with H &gt; 0).</param>
    public sealed record Row(string Mechanism, double Rho, double C, int Layer, double SlopeVi, (double Low, double High) SlopeViCi, double RVi,
        double SlopeLaplace, (double Low, double High) SlopeLaplaceCi, double Analytic, double AnalyticFinitePrior, double Level, PredictiveScores Scores, int Fitted);

    /// <summary>The VI network against its own Laplace variance, per layer: how close VI came to 1/(H + 1/sigma_0^2).</summary>
    /// <param name="Layer">Layer index.</param>
    /// <param name="Slope">d ln v / d ln (1/(H_VI + 1/sigma_0^2)), 1 at the quadratic optimum.</param>
    /// <param name="MedianRatio">Median v / (1/(H_VI + 1/sigma_0^2)).</param>
    public sealed record ViLayer(int Layer, double Slope, double MedianRatio);

    /// <summary>The comparison's results and the runs behind them.</summary>
    public sealed record Result(Row[] Rows, ViLayer[] Vi, SoftmaxResult ViRun, SoftmaxResult[] Runs, (string Mechanism, double Rho, double C)[] Tasks, double PriorSigma);

    /// <summary>
    /// The default grid: for each mechanism c0 = s^rho / rho (the paper's s and lambda = 1) times 0.1, 1 and 10.
    /// </summary>
    public static double[] DefaultCs(double rho, double s) => [.. new[] { 0.1, 1, 10 }.Select(f => f * Math.Pow(s, rho) / rho)];

    /// <summary>
    /// Trains the VI network (<paramref name="shared"/> with the variational objective) and one energy-efficient network per
    /// task, in parallel, and compares them layer by layer. <paramref name="progress"/> gets (run index, epoch report); run
    /// 0 is the VI network.
    /// </summary>
    public static Result Run(ImageDataSet train, ImageDataSet test, SoftmaxTrainingOptions shared, IReadOnlyList<(string Mechanism, double Rho, double C)> tasks, int parallel,
        Action<int, EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(shared);
        ArgumentNullException.ThrowIfNull(tasks);
        SoftmaxTrainingOptions[] options =
        [
            shared with { Objective = TrainingObjective.Variational },
            .. tasks.Select(t => shared with { Rho = t.Rho, Lambda = TradeoffTask.LambdaOf(t.C, t.Rho, shared.S), Objective = TrainingObjective.EnergyEfficient }),
        ];
        Array.ForEach(options, o => o.Validate());
        var runs = new SoftmaxResult[options.Length];
        Parallel.For(0, options.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, i =>
            runs[i] = SoftmaxExperiment.Run(train, test, options[i], progress is null ? null : e => progress(i, e)));

        double priorPrecision = shared.PriorPrecision;
        SoftmaxResult vi = runs[0];
        var rows = new List<Row>();
        for (int t = 0; t < tasks.Count; t++)
        {
            SoftmaxResult run = runs[t + 1];
            for (int l = 0; l < run.Layers.Length; l++)
            {
                rows.Add(Compare(tasks[t], run, vi.Layers[l], l, priorPrecision, shared.Seed + (ulong)(10 * rows.Count)));
            }
        }

        ViLayer[] viLayers = [.. vi.Layers.Select((layer, l) =>
        {
            int[] used = [.. Enumerable.Range(0, layer.Hessian.Length).Where(i => layer.Hessian[i] > 0)];
            double[] logV = [.. used.Select(i => Math.Log(layer.SigmaSquared[i]))];
            double[] logLaplace = [.. used.Select(i => -Math.Log(layer.Hessian[i] + priorPrecision))];
            return new ViLayer(l, LinearFit.Of(logLaplace, logV).Slope, Bootstrap.Median(used.Select(i => layer.SigmaSquared[i] * (layer.Hessian[i] + priorPrecision))));
        })];
        return new Result([.. rows], viLayers, vi, runs[1..], [.. tasks], 1 / Math.Sqrt(priorPrecision));
    }

    private static Row Compare((string Mechanism, double Rho, double C) task, SoftmaxResult run, LayerResult viLayer, int l, double priorPrecision, ulong seed)
    {
        LayerResult layer = run.Layers[l];
        SoftmaxTrainingOptions o = run.Options;
        int[] used = [.. Enumerable.Range(0, layer.Hessian.Length).Where(i => layer.Hessian[i] > 0 && layer.SigmaSquared[i] > 0 && viLayer.SigmaSquared[i] > 0)];
        if (used.Length < 3)
        {
            throw new InvalidOperationException($"fewer than 3 weights of layer {l} have H > 0: nothing to fit.");
        }

        double[] logS2 = [.. used.Select(i => Math.Log(layer.SigmaSquared[i]))];
        double[] logV = [.. used.Select(i => Math.Log(viLayer.SigmaSquared[i]))];
        double[] logLaplace = [.. used.Select(i => -Math.Log(layer.Hessian[i] + priorPrecision))];
        double[] logStar = [.. used.Select(i => OptimalNoise.LogSigmaSquared(o.Rho, o.S, o.Lambda, layer.Hessian[i]))];
        LinearFit vi = LinearFit.Of(logV, logS2);
        return new Row(
            task.Mechanism, task.Rho, task.C, l,
            vi.Slope, Bootstrap.SlopeInterval(logV, logS2, seed), vi.R,
            LinearFit.Of(logLaplace, logS2).Slope, Bootstrap.SlopeInterval(logLaplace, logS2, seed + 1),
            PredictedSlopes.VersusMeanFieldVariance(o.Rho),
            LinearFit.Of(logLaplace, logStar).Slope,
            Bootstrap.Median(logS2.Select((v, k) => v - logStar[k])),
            run.Sampled,
            used.Length);
    }
}
