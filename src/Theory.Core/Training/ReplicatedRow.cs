using Theory.Stats;

namespace Theory.Training;

/// <summary>
/// One mechanism and layer of the slope table over several seeds: every fitted quantity as a <see cref="Spread"/>
/// across the training runs (THEORY.md sections 6 and 9; issue 18). The within-run bootstrap interval (resampling
/// weights of one run) is kept as its mean half-width, for comparison: it measures the fit's precision, not the
/// spread between runs.
/// </summary>
public sealed record ReplicatedRow
{
    /// <summary>Mechanism name, or "rho=..." for a bare exponent.</summary>
    public required string Mechanism { get; init; }

    /// <summary>Cost exponent.</summary>
    public required double Rho { get; init; }

    /// <summary>Layer index (0 = the input layer).</summary>
    public required int Layer { get; init; }

    /// <summary>The seeds of the runs, in order.</summary>
    public required ulong[] Seeds { get; init; }

    /// <summary>-2/(2+rho).</summary>
    public required double AnalyticSlope { get; init; }

    /// <summary>(2/(2+rho)) ln(lambda s^rho).</summary>
    public required double AnalyticIntercept { get; init; }

    /// <summary>4/(2+rho).</summary>
    public required double AnalyticSlopeLearningRate { get; init; }

    /// <summary>d ln sigma^2 / d ln H across seeds.</summary>
    public required Spread SlopeHessian { get; init; }

    /// <summary>Mean half-width of the runs' bootstrap intervals of slope_H.</summary>
    public required double BootstrapHalfWidth { get; init; }

    /// <summary>d ln sigma^2 / d ln (N F / B) across seeds.</summary>
    public required Spread SlopeFisher { get; init; }

    /// <summary>Intercept of ln sigma^2 against ln H across seeds.</summary>
    public required Spread InterceptHessian { get; init; }

    /// <summary>Slope against ln of Adam's learning rate across seeds.</summary>
    public required Spread SlopeLearningRate { get; init; }

    /// <summary>Correlation with the input rate across seeds (NaN when no run has it).</summary>
    public required Spread CorrelationInputRate { get; init; }

    /// <summary>Median ln(sigma^2/sigma*^2) across seeds.</summary>
    public required Spread Level { get; init; }

    /// <summary>Test accuracy with mean weights across seeds.</summary>
    public required Spread Accuracy { get; init; }

    /// <summary>Test accuracy with sampled weights across seeds.</summary>
    public required Spread AccuracySampled { get; init; }

    /// <summary>Epochs trained across seeds.</summary>
    public required Spread Epochs { get; init; }

    /// <summary>Summarises the rows of one mechanism and layer, one row per seed.</summary>
    public static ReplicatedRow Of(IReadOnlyList<SlopeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("no rows.", nameof(rows));
        }

        SlopeRow first = rows[0];
        if (rows.Any(r => r.Mechanism != first.Mechanism || r.Layer != first.Layer))
        {
            throw new ArgumentException("the rows are not all of one mechanism and layer.", nameof(rows));
        }

        Spread Of(Func<SlopeRow, double> pick) => Spread.Of([.. rows.Select(pick)]);
        double[] rates = [.. rows.Select(r => r.CorrelationInputRate)];
        return new ReplicatedRow
        {
            Mechanism = first.Mechanism,
            Rho = first.Rho,
            Layer = first.Layer,
            Seeds = [.. rows.Select(r => r.Seed)],
            AnalyticSlope = first.AnalyticSlope,
            AnalyticIntercept = first.AnalyticIntercept,
            AnalyticSlopeLearningRate = first.AnalyticSlopeLearningRate,
            SlopeHessian = Of(r => r.SlopeHessian),
            BootstrapHalfWidth = rows.Average(r => (r.SlopeHessianCi.High - r.SlopeHessianCi.Low) / 2),
            SlopeFisher = Of(r => r.SlopeFisher),
            InterceptHessian = Of(r => r.InterceptHessian),
            SlopeLearningRate = Of(r => r.SlopeLearningRate),
            CorrelationInputRate = rates.All(double.IsFinite) ? Spread.Of(rates) : new Spread(double.NaN, double.NaN, double.NaN, double.NaN, 0),
            Level = Of(r => r.Level),
            Accuracy = Of(r => r.Accuracy),
            AccuracySampled = Of(r => r.AccuracySampled),
            Epochs = Of(r => r.Epochs),
        };
    }
}
