using Theory.Analytic;
using Theory.Stats;

namespace Theory.Authors;

/// <summary>One log-log OLS fit of ln sigma^2 on ln of a per-weight quantity, over the weights where both are positive and finite.</summary>
/// <param name="Slope">OLS slope.</param>
/// <param name="R">Pearson r of the logs.</param>
/// <param name="Count">Weights in the fit.</param>
/// <param name="Excluded">Weights left out (a zero, negative or non-finite value).</param>
public readonly record struct LogFit(double Slope, double R, int Count, int Excluded);

/// <summary>What the authors' Figure 5 arrays say about one layer (THEORY.md sections 6 and 9).</summary>
/// <param name="Rho">Cost exponent.</param>
/// <param name="Layer">Layer index.</param>
/// <param name="Fisher">ln sigma^2 on ln of their empirical Fisher.</param>
/// <param name="LearningRate">ln sigma^2 on ln of their learning rate 1e-4 / mean |g|.</param>
/// <param name="InputRate">ln sigma^2 on ln of the presynaptic input rate (positive rates only).</param>
/// <param name="PredictedFisher">-2/(2+rho).</param>
/// <param name="PredictedLearningRate">4/(2+rho).</param>
/// <param name="MedianVariance">Median sigma^2.</param>
/// <param name="MedianFisher">Median of their Fisher.</param>
/// <param name="VarianceQuantiles">5, 25, 50, 75 and 95% quantiles of ln sigma^2.</param>
/// <param name="FisherQuantiles">The same of ln Fisher.</param>
public sealed record AuthorsLayerSummary(
    double Rho, int Layer, LogFit Fisher, LogFit LearningRate, LogFit InputRate, double PredictedFisher, double PredictedLearningRate,
    double MedianVariance, double MedianFisher, double[] VarianceQuantiles, double[] FisherQuantiles);

/// <summary>
/// One layer of one of Theory's networks beside the same layer of the authors' Figure 5 network, weight by weight (issue 30):
/// ln sigma^2 and ln of the empirical Fisher of every weight, in the authors' units (their "hessian" is the sum over 10
/// epochs of the squared minibatch gradient divided by 600,000, which is F / B with F Theory's mean over minibatches of
/// g^2 and B = 20), and the OLS fits of each.
/// </summary>
/// <param name="Rho">Cost exponent.</param>
/// <param name="Layer">Layer index.</param>
/// <param name="LnVariance">Theory: ln sigma^2 per weight, (out, in) row-major.</param>
/// <param name="LnFisher">Theory: ln(F / B) per weight (negative infinity where F is 0).</param>
/// <param name="AuthorsLnVariance">The authors': ln sigma^2 per weight.</param>
/// <param name="AuthorsLnFisher">The authors': ln of their Fisher per weight.</param>
/// <param name="Fit">Theory's OLS of ln sigma^2 on ln F over the weights with F &gt; 0 (the authors' fit, on Theory's weights).</param>
/// <param name="AuthorsFit">The authors' OLS, as <c>theory authors</c> prints it.</param>
public sealed record Figure5Comparison(double Rho, int Layer, double[] LnVariance, double[] LnFisher, double[] AuthorsLnVariance, double[] AuthorsLnFisher, LogFit Fit, LogFit AuthorsFit)
{
    /// <summary>5, 25, 50, 75 and 95% quantiles of Theory's ln sigma^2.</summary>
    public double[] VarianceQuantiles => AuthorsFigure5.QuantilesOf(LnVariance);

    /// <summary>The same of Theory's ln(F / B).</summary>
    public double[] FisherQuantiles => AuthorsFigure5.QuantilesOf(LnFisher);

    /// <summary>The same of the authors' ln sigma^2.</summary>
    public double[] AuthorsVarianceQuantiles => AuthorsFigure5.QuantilesOf(AuthorsLnVariance);

    /// <summary>The same of the authors' ln Fisher.</summary>
    public double[] AuthorsFisherQuantiles => AuthorsFigure5.QuantilesOf(AuthorsLnFisher);
}

/// <summary>The fits of the authors' Figure 5 arrays.</summary>
public static class AuthorsFigure5
{
    /// <summary>The quantile levels of <see cref="AuthorsLayerSummary.VarianceQuantiles"/>.</summary>
    public static readonly double[] QuantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95];

    private static readonly Lazy<List<AuthorsLayerSummary>> Cached = new(All);

    /// <summary>
    /// The authors' Figure 5 slope of ln sigma^2 on ln Fisher for layer <paramref name="layer"/> of a network of this shape, or null
    /// unless the network is theirs (784 -> 100 -> 100 -> 10 in the published layout) and rho is one of their four.
    /// </summary>
    public static double? SlopeFisherFor(Training.NetworkShape shape, double rho, int layer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        bool theirs = shape.Layout == Training.NetworkLayout.Published && shape.Inputs.SequenceEqual([784, 100, 100]) && shape.Outputs.SequenceEqual([100, 100, 10]);
        return theirs ? Cached.Value.FirstOrDefault(l => Math.Abs(l.Rho - rho) < 1e-9 && l.Layer == layer)?.Fisher.Slope : null;
    }

    /// <summary>
    /// Layer <paramref name="layer"/> of a trained network beside the authors' at the same rho, or null unless the network
    /// is theirs (784 -> 100 -> 100 -> 10, published layout) at one of their four rho and their s = 1e-3, lambda = 1.
    /// </summary>
    public static Figure5Comparison? Compare(Training.SoftmaxResult run, int layer)
    {
        ArgumentNullException.ThrowIfNull(run);
        Training.SoftmaxTrainingOptions o = run.Options;
        int index = Array.FindIndex(AuthorsData.Rhos, r => Math.Abs(r - o.Rho) < 1e-9);
        if (SlopeFisherFor(run.Shape, o.Rho, layer) is null || index < 0 || o.S != 1e-3 || o.Lambda != 1)
        {
            return null;
        }

        Training.LayerResult mine = run.Layers[layer];
        AuthorsLayer theirs = AuthorsData.Figure5(index, layer);
        double b = o.BatchSize;
        double[] fisher = [.. mine.Fisher.Select(f => f / b)];
        double[] lnVariance = [.. mine.SigmaSquared.Select(v => Math.Log(v))];
        double[] authorsLnVariance = [.. theirs.Variance.Select(v => Math.Log(v))];
        return new Figure5Comparison(
            o.Rho, layer, lnVariance, [.. fisher.Select(f => Math.Log(f))], authorsLnVariance, [.. theirs.Fisher.Select(f => Math.Log(f))],
            Fit(fisher, lnVariance), Fit(theirs.Fisher, authorsLnVariance));
    }

    /// <summary>5, 25, 50, 75 and 95% quantiles (numpy's default interpolation) of the finite values.</summary>
    public static double[] QuantilesOf(double[] values) => Quantiles(values);

    /// <summary>Every (rho, layer) of the shipped arrays.</summary>
    public static List<AuthorsLayerSummary> All() =>
        [.. Enumerable.Range(0, AuthorsData.Rhos.Length).SelectMany(p => Enumerable.Range(0, 3).Select(l => Summarise(AuthorsData.Figure5(p, l))))];

    /// <summary>The fits and quantiles of one layer.</summary>
    public static AuthorsLayerSummary Summarise(AuthorsLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int n = layer.Variance.Length;
        double[] lnVar = [.. layer.Variance.Select(v => Math.Log(v))];
        double[] rateOfWeight = [.. Enumerable.Range(0, n).Select(i => layer.InputRate[i % layer.Inputs])];
        double[] learningRate = [.. layer.MeanAbsGradient.Select(g => 1e-4 / g)];
        return new AuthorsLayerSummary(
            layer.Rho, layer.Layer,
            Fit(layer.Fisher, lnVar), Fit(learningRate, lnVar), Fit(rateOfWeight, lnVar),
            PredictedSlopes.VersusImportance(layer.Rho), PredictedSlopes.VersusAdamLearningRate(layer.Rho),
            Median(layer.Variance), Median(layer.Fisher),
            Quantiles(lnVar), Quantiles([.. layer.Fisher.Select(f => Math.Log(f))]));
    }

    /// <summary>OLS of <paramref name="lnY"/> on ln <paramref name="x"/> over the entries where x &gt; 0 and both logs are finite.</summary>
    public static LogFit Fit(double[] x, double[] lnY)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lnY);
        var xs = new List<double>(x.Length);
        var ys = new List<double>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            double lx = x[i] > 0 ? Math.Log(x[i]) : double.NaN;
            if (double.IsFinite(lx) && double.IsFinite(lnY[i]))
            {
                xs.Add(lx);
                ys.Add(lnY[i]);
            }
        }

        if (xs.Count < 3)
        {
            return new LogFit(double.NaN, double.NaN, xs.Count, x.Length - xs.Count);
        }

        LinearFit fit = LinearFit.Of(xs.ToArray(), ys.ToArray());
        return new LogFit(fit.Slope, fit.R, xs.Count, x.Length - xs.Count);
    }

    private static double Median(double[] values) => Quantile([.. values.Order()], 0.5);

    private static double[] Quantiles(double[] values)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        return [.. QuantileLevels.Select(q => Quantile(sorted, q))];
    }

    // Linear interpolation between order statistics (numpy's default, R's type 7).
    private static double Quantile(double[] sorted, double q)
    {
        double at = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(at);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((at - lo) * (sorted[hi] - sorted[lo]));
    }
}
