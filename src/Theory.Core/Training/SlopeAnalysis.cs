using Theory.Analytic;
using Theory.Stats;

namespace Theory.Training;

/// <summary>Turns one layer of a <see cref="SoftmaxResult"/> into a <see cref="SlopeRow"/>: fits of ln sigma^2 in log-log coordinates.</summary>
public static class SlopeAnalysis
{
    /// <summary>Fits layer <paramref name="layer"/>'s weights and compares with the predictions of THEORY.md sections 6 and 9.</summary>
    public static SlopeRow Analyze(SoftmaxResult run, int layer, string name, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, run.Layers.Length);
        SoftmaxTrainingOptions o = run.Options;
        LayerResult result = run.Layers[layer];
        double[] fisherH = result.FisherHessian(run.TrainingSize, o.BatchSize);
        int n = result.SigmaSquared.Length;
        int[] constrained = [.. Enumerable.Range(0, n).Where(i => result.Hessian[i] > 0)];
        if (constrained.Length < 3)
        {
            throw new InvalidOperationException($"fewer than 3 weights of layer {layer} have a positive Hessian: nothing to fit.");
        }

        int vanished = result.SigmaSquared.Count(v => !(v > 0));
        if (vanished > 0)
        {
            throw new InvalidOperationException(
                $"sigma^2 is 0 for {vanished} weights: below the smallest {(o.SinglePrecision ? "float" : "double")}, so it has no logarithm to fit.");
        }

        double[] laplace = result.LaplaceVariance(o.PriorPrecision);
        foreach ((double[] values, string what) in new[]
                 {
                     (result.SigmaSquared, "sigma^2"), (result.Hessian, "the Hessian"), (fisherH, "the empirical Fisher"),
                     (laplace, "the Laplace variance"), (run.Epochs == 0 ? laplace : result.LearningRate, "Adam's learning rate"), (result.InputRate, "the input rate"),
                 })
        {
            RequireFinite(values, constrained, what);
        }

        double[] logS2 = Pick(constrained, i => Math.Log(result.SigmaSquared[i]));
        double[] logH = Pick(constrained, i => Math.Log(result.Hessian[i]));
        LinearFit hessianFit = LinearFit.Of(logH, logS2);

        int[] withFisher = [.. constrained.Where(i => fisherH[i] > 0)];
        double[] logS2F = Pick(withFisher, i => Math.Log(result.SigmaSquared[i]));
        double[] logF = Pick(withFisher, i => Math.Log(fisherH[i]));
        LinearFit fisherFit = LinearFit.Of(logF, logS2F);

        double slopeLaplace = LinearFit.Of(Pick(constrained, i => Math.Log(laplace[i])), logS2).Slope;
        // An imported network (no epochs here) has no Adam state, so no learning-rate fit.
        double slopeLr = run.Epochs == 0 ? double.NaN : LinearFit.Of(Pick(constrained, i => Math.Log(result.LearningRate[i])), logS2).Slope;
        double[] proxy = result.LearningRateProxy();
        int[] withGradient = [.. constrained.Where(i => double.IsFinite(proxy[i]))];
        double slopeProxy = withGradient.Length >= 3
            ? LinearFit.Of(Pick(withGradient, i => Math.Log(proxy[i])), Pick(withGradient, i => Math.Log(result.SigmaSquared[i]))).Slope
            : double.NaN;

        int[] active = [.. constrained.Where(i => result.InputRate[i] > 0)];
        double corrRate = active.Length >= 3
            ? LinearFit.Of(Pick(active, i => Math.Log(result.InputRate[i])), Pick(active, i => Math.Log(result.SigmaSquared[i]))).R
            : double.NaN;

        double[] level = Pick(constrained, i => Math.Log(result.SigmaSquared[i]) - OptimalNoise.LogSigmaSquared(o.Rho, o.S, o.Lambda, result.Hessian[i]));

        return new SlopeRow
        {
            Mechanism = name,
            Layer = layer,
            LayerInputs = result.Inputs,
            LayerOutputs = result.Outputs,
            Rho = o.Rho,
            Accuracy = run.AccuracyMean,
            AccuracySampled = run.AccuracySampled,
            AnalyticSlope = PredictedSlopes.VersusImportance(o.Rho),
            SlopeHessian = hessianFit.Slope,
            SlopeHessianCi = Bootstrap.SlopeInterval(logH, logS2, seed),
            RHessian = hessianFit.R,
            SlopeFisher = fisherFit.Slope,
            SlopeFisherCi = Bootstrap.SlopeInterval(logF, logS2F, seed + 1),
            RFisher = fisherFit.R,
            AnalyticIntercept = PredictedSlopes.Intercept(o.Rho, o.S, o.Lambda),
            InterceptHessian = hessianFit.Intercept,
            SlopeLearningRate = slopeLr,
            SlopeLearningRateProxy = slopeProxy,
            AnalyticSlopeLearningRate = PredictedSlopes.VersusAdamLearningRate(o.Rho),
            SlopeLaplaceVariance = slopeLaplace,
            AnalyticSlopeLaplaceVariance = PredictedSlopes.VersusMeanFieldVariance(o.Rho),
            CorrelationInputRate = corrRate,
            Level = Bootstrap.Median(level),
            Epochs = run.Epochs,
            Converged = run.Converged,
            SigmaDrift = result.SigmaDrift,
            SigmaJitter = result.SigmaJitter,
            Estimator = o.Estimator == WeightEstimator.Local ? "local" : "sample",
            Fitted = constrained.Length,
            Unconstrained = n - constrained.Length,
            SilentInputs = result.SilentInputs,
            Seconds = run.Seconds,
            Seed = o.Seed,
            DriftByDecile = result.DriftByDecile,
            WorstDecileDrift = run.WorstDecileDrift,
            DriftByEpoch = result.DriftByEpoch,
            AverageEpochs = o.AverageEpochs,
        };
    }

    // A value past double's range has no logarithm to fit; say which quantity overflowed rather than fail in the fit.
    // Only the fitted weights count: with kappa = 0, a weight with H = 0 has an infinite Laplace variance and no fit uses it.
    private static void RequireFinite(double[] values, int[] fitted, string what)
    {
        int bad = fitted.Count(i => !double.IsFinite(values[i]));
        if (bad > 0)
        {
            double first = values[fitted.First(i => !double.IsFinite(values[i]))];
            throw new InvalidOperationException(
                $"{what} is {Guard.Format(first)} for {bad} weights: the run's numbers left double's range, so there is nothing to fit (try a smaller kappa, lambda or learning rate).");
        }
    }

    private static double[] Pick(int[] indices, Func<int, double> f) => [.. indices.Select(f)];
}
