using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary>Text, JSON, CSV and .npy renderings of the slope table.</summary>
internal static class SlopeTable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The table: one block (slopes, then intercepts and diagnostics) per layer. With no hidden layer there is one block,
    /// without a layer heading.
    /// </summary>
    public static string Text(IReadOnlyList<SlopeRow> rows, int trainingSize, DataSetKind kind, string source, WeightEstimator estimator, bool single, NetworkShape shape)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine($"{MnistFiles.DisplayName(kind)} ({trainingSize} training images, content checked by SHA-256, from {source}); estimator: {(estimator == WeightEstimator.Local ? "local reparameterisation" : "one weight sample per minibatch")}; {(single ? "single" : "double")} precision");
        if (shape.Layers > 1)
        {
            w.WriteLine($"network {shape}; {(shape.Layout == NetworkLayout.Text ? "the paper's layout: ReLU after every hidden layer" : "the published code's layout: no nonlinearity after layer 0, ReLU after every later layer and on the logits")}");
        }

        w.WriteLine("slope_H, slope_F: d ln sigma^2 / d ln H, with H the exact Hessian diagonal and N F / B from the empirical Fisher");
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            SlopeRow[] block = [.. rows.Where(r => r.Layer == layer)];
            if (shape.Layers > 1)
            {
                w.WriteLine();
                w.WriteLine($"layer {layer}: {shape.Inputs[layer]} -> {shape.Outputs[layer]} ({(layer == 0 ? "inputs: pixels" : $"inputs: the units of layer {layer - 1}")})");
            }

            WriteBlock(w, block);
            double?[] theirs = [.. block.Select(r => Theory.Authors.AuthorsFigure5.SlopeFisherFor(shape, r.Rho, layer))];
            if (theirs.Any(t => t is not null))
            {
                w.WriteLine("authors' slope_F (their Figure 5 arrays, s 1e-3, lambda 1; theory authors): " +
                    string.Join(", ", block.Zip(theirs).Where(p => p.Second is not null).Select(p => $"{p.First.Mechanism} {F(p.Second!.Value, 3)}")));
            }
        }

        return sb.ToString();
    }

    private static void WriteBlock(StringWriter w, SlopeRow[] rows)
    {
        var t = new TextTable("mechanism", "rho", "acc", "analytic", "slope_H", "95% CI", "r_H", "slope_F", "95% CI", "r_F");
        foreach (SlopeRow r in rows)
        {
            t.Add(r.Mechanism, F(r.Rho, 4), Pct(r.Accuracy), F(r.AnalyticSlope, 3), F(r.SlopeHessian, 3), TextTable.Interval(r.SlopeHessianCi, 3), F(r.RHessian, 3),
                F(r.SlopeFisher, 3), TextTable.Interval(r.SlopeFisherCi, 3), F(r.RFisher, 3));
        }

        t.Write(w);
        w.WriteLine();
        var u = new TextTable("mechanism", "intercept", "analytic", "slope_lr", "analytic", "corr_rate", "level", "epochs", "drift/epoch", "worst decile", "jitter", "settled");
        foreach (SlopeRow r in rows)
        {
            double worst = r.DriftByDecile.Length == 0 ? double.NaN : r.DriftByDecile.Where(double.IsFinite).DefaultIfEmpty(double.NaN).MaxBy(Math.Abs);
            bool settled = double.IsFinite(worst) && Math.Abs(worst) < 1e-3;
            u.Add(r.Mechanism, F(r.InterceptHessian, 3), F(r.AnalyticIntercept, 3), F(r.SlopeLearningRate, 3), F(r.AnalyticSlopeLearningRate, 3),
                F(r.CorrelationInputRate, 3), F(r.Level, 3), r.Epochs.ToString(CultureInfo.InvariantCulture), E(r.SigmaDrift), E(worst), E(r.SigmaJitter),
                settled ? "yes" : "NO");
        }

        u.Write(w);
        w.WriteLine("level = median ln(sigma^2 / sigma*^2), sigma* the closed form from H (0 if the level holds); drift = signed median change of ln sigma");
        w.WriteLine("per epoch over the last 5 epochs; worst decile = the decile of H whose median drift is largest in size; settled = |worst decile| < 1e-3." +
            (rows[0].AverageEpochs > 0 ? $" sigma^2 averaged (ln) over the last {rows[0].AverageEpochs} epochs." : string.Empty));
        w.WriteLine("Sampled-weight test accuracy: " +
            string.Join(", ", rows.Select(r => $"{r.Mechanism} {Pct(r.AccuracySampled)}")));
        if (rows.Any(r => r.Unconstrained > 0))
        {
            string silent = rows[0].Layer > 0 ? $"; input units that never fire: {string.Join(", ", rows.Select(r => $"{r.Mechanism} {r.SilentInputs}"))}" : string.Empty;
            w.WriteLine($"left out of fits (H = 0, unconstrained): {string.Join(", ", rows.Select(r => r.Unconstrained).Distinct().Count() == 1 ? [$"{rows[0].Unconstrained} weights"] : rows.Select(r => $"{r.Mechanism} {r.Unconstrained}"))}{silent}");
        }
    }

    /// <remarks>Every row names the data set that was read (identified by its files' digests) and its folder.</remarks>
    public static string Json(IReadOnlyList<SlopeRow> rows, DataSetKind kind, string source, NetworkShape shape, IReadOnlyList<Theory.Authors.Figure5Comparison>? authors = null) =>
        JsonRows(rows, kind, source, shape, authors).ToJsonString(Indented);

    /// <summary>
    /// Weight by weight against the authors' Figure 5 (issue 30): per layer and rho, the quantiles of ln sigma^2 and of ln
    /// Fisher (in their units, F / B) of Theory's network beside the authors', and the two OLS slopes over all weights.
    /// Empty unless the network is theirs.
    /// </summary>
    public static string AuthorsText(IReadOnlyList<Theory.Authors.Figure5Comparison> comparisons, Func<double, string> mechanism)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(mechanism);
        if (comparisons.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine();
        w.WriteLine($"weight by weight against the authors' Figure 5 ({Theory.Authors.AuthorsData.Attribution}): quantiles 5, 25, 50, 75 and 95% over the layer's weights");
        w.WriteLine("of ln sigma^2 and of ln Fisher in their units (their \"hessian\" = sum over 10 epochs of g^2 / 600,000 = F / B), and the OLS slope of ln sigma^2 on ln F over every weight with F > 0");
        var t = new TextTable("layer", "mechanism", "ln sigma^2: Theory", "authors", "ln F/B: Theory", "authors", "slope", "authors", "weights");
        static string Q(double[] q) => string.Join(" ", q.Select(v => F(v, 1)));
        foreach (Theory.Authors.Figure5Comparison c in comparisons.OrderBy(c => c.Layer))
        {
            t.Add(c.Layer.ToString(CultureInfo.InvariantCulture), mechanism(c.Rho), Q(c.VarianceQuantiles), Q(c.AuthorsVarianceQuantiles), Q(c.FisherQuantiles), Q(c.AuthorsFisherQuantiles),
                F(c.Fit.Slope, 3), F(c.AuthorsFit.Slope, 3), c.Fit.Count.ToString(CultureInfo.InvariantCulture));
        }

        t.Write(w);
        return sb.ToString();
    }

    private static JsonArray JsonRows(IReadOnlyList<SlopeRow> rows, DataSetKind kind, string source, NetworkShape shape, IReadOnlyList<Theory.Authors.Figure5Comparison>? authors = null)
    {
        var array = new JsonArray();
        ulong firstSeed = rows.Count == 0 ? 0 : rows[0].Seed;
        foreach (SlopeRow r in rows)
        {
            Theory.Authors.Figure5Comparison? theirs = r.Seed == firstSeed ? authors?.FirstOrDefault(c => c.Rho == r.Rho && c.Layer == r.Layer) : null;
            static JsonArray Array(double[] values) => new([.. values.Select(v => (JsonNode?)Nullable(v))]);
            array.Add(new JsonObject
            {
                ["authors_figure5"] = theirs is null ? null : new JsonObject
                {
                    ["quantile_levels"] = Array(Theory.Authors.AuthorsFigure5.QuantileLevels),
                    ["ln_sigma2_quantiles"] = Array(theirs.VarianceQuantiles),
                    ["authors_ln_sigma2_quantiles"] = Array(theirs.AuthorsVarianceQuantiles),
                    ["ln_fisher_over_b_quantiles"] = Array(theirs.FisherQuantiles),
                    ["authors_ln_fisher_quantiles"] = Array(theirs.AuthorsFisherQuantiles),
                    ["slope_fisher_all_weights"] = Nullable(theirs.Fit.Slope),
                    ["authors_slope_fisher"] = Nullable(theirs.AuthorsFit.Slope),
                },
                ["mechanism"] = r.Mechanism,
                ["layer"] = r.Layer,
                ["layer_inputs"] = r.LayerInputs,
                ["layer_outputs"] = r.LayerOutputs,
                ["network"] = shape.ToString(),
                ["layout"] = shape.Layout == NetworkLayout.Text ? "text" : "published",
                ["dataset"] = MnistFiles.ShortName(kind),
                ["data_folder"] = source,
                ["rho"] = r.Rho,
                ["accuracy"] = r.Accuracy,
                ["accuracy_sampled"] = r.AccuracySampled,
                ["slope_hessian"] = r.SlopeHessian,
                ["slope_hessian_ci"] = Pair(r.SlopeHessianCi),
                ["r_hessian"] = r.RHessian,
                ["slope_fisher"] = r.SlopeFisher,
                ["slope_fisher_ci"] = Pair(r.SlopeFisherCi),
                ["r_fisher"] = r.RFisher,
                ["authors_slope_fisher"] = Theory.Authors.AuthorsFigure5.SlopeFisherFor(shape, r.Rho, r.Layer),
                ["analytic_slope"] = r.AnalyticSlope,
                ["intercept_hessian"] = r.InterceptHessian,
                ["analytic_intercept"] = r.AnalyticIntercept,
                ["slope_lr"] = Nullable(r.SlopeLearningRate),
                ["analytic_slope_lr"] = r.AnalyticSlopeLearningRate,
                ["slope_lr_proxy"] = Nullable(r.SlopeLearningRateProxy),
                ["slope_laplace_variance"] = r.SlopeLaplaceVariance,
                ["analytic_slope_laplace_variance"] = r.AnalyticSlopeLaplaceVariance,
                ["corr_input_rate"] = Nullable(r.CorrelationInputRate),
                ["level"] = r.Level,
                ["epochs"] = r.Epochs,
                ["converged"] = r.Converged,
                ["sigma_drift"] = Nullable(r.SigmaDrift),
                ["sigma_jitter"] = Nullable(r.SigmaJitter),
                ["estimator"] = r.Estimator,
                ["fitted"] = r.Fitted,
                ["unconstrained"] = r.Unconstrained,
                ["silent_inputs"] = r.SilentInputs,
                ["seed"] = r.Seed,
                ["average_epochs"] = r.AverageEpochs,
                ["drift_by_decile"] = new JsonArray([.. r.DriftByDecile.Select(v => (JsonNode?)Nullable(v))]),
                ["worst_decile_drift"] = Nullable(r.WorstDecileDrift),
                ["drift_curve_median"] = r.DriftByEpoch is { } c ? new JsonArray([.. c.Median.Select(v => (JsonNode?)Nullable(v))]) : null,
                ["drift_curve_lowest_decile"] = r.DriftByEpoch is { } d ? new JsonArray([.. d.LowestDecile.Select(v => (JsonNode?)Nullable(v))]) : null,
            });
        }

        return array;
    }

    /// <summary>
    /// The table over seeds: per layer, each mechanism's mean slope_H with its t-based 95% CI across seeds, the SD, whether
    /// the closed form lies inside, and the mean half-width of the single runs' bootstrap CIs; then the other quantities.
    /// </summary>
    public static string ReplicatedText(IReadOnlyList<ReplicatedRow> rows, int trainingSize, DataSetKind kind, string source, WeightEstimator estimator, bool single, NetworkShape shape)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        ReplicatedRow first = rows[0];
        w.WriteLine($"{MnistFiles.DisplayName(kind)} ({trainingSize} training images, content checked by SHA-256, from {source}); estimator: {(estimator == WeightEstimator.Local ? "local reparameterisation" : "one weight sample per minibatch")}; {(single ? "single" : "double")} precision");
        if (shape.Layers > 1)
        {
            w.WriteLine($"network {shape}; {(shape.Layout == NetworkLayout.Text ? "the paper's layout: ReLU after every hidden layer" : "the published code's layout: no nonlinearity after layer 0, ReLU after every later layer and on the logits")}");
        }

        w.WriteLine($"{first.Seeds.Length} independent runs per mechanism (seeds {first.Seeds[0]}..{first.Seeds[^1]}): mean over the runs, 95% CI of the mean = mean +- t(0.975, {first.Seeds.Length - 1}) SD / sqrt({first.Seeds.Length})");
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            ReplicatedRow[] block = [.. rows.Where(r => r.Layer == layer)];
            if (shape.Layers > 1)
            {
                w.WriteLine();
                w.WriteLine($"layer {layer}: {shape.Inputs[layer]} -> {shape.Outputs[layer]}");
            }

            var t = new TextTable("mechanism", "rho", "analytic", "slope_H", "95% CI (seeds)", "SD", "analytic in CI", "bootstrap +-", "slope_F", "95% CI (seeds)", "SD");
            foreach (ReplicatedRow r in block)
            {
                t.Add(r.Mechanism, F(r.Rho, 4), F(r.AnalyticSlope, 3), F(r.SlopeHessian.Mean, 3), TextTable.Interval((r.SlopeHessian.Low, r.SlopeHessian.High), 3),
                    F(r.SlopeHessian.StandardDeviation, 3), r.SlopeHessian.Contains(r.AnalyticSlope) ? "yes" : "no", F(r.BootstrapHalfWidth, 3),
                    F(r.SlopeFisher.Mean, 3), TextTable.Interval((r.SlopeFisher.Low, r.SlopeFisher.High), 3), F(r.SlopeFisher.StandardDeviation, 3));
            }

            t.Write(w);
            w.WriteLine();
            var u = new TextTable("mechanism", "intercept", "95% CI", "analytic", "slope_lr", "95% CI", "analytic", "corr_rate", "level", "95% CI", "acc", "acc sampled", "epochs");
            foreach (ReplicatedRow r in block)
            {
                u.Add(r.Mechanism, F(r.InterceptHessian.Mean, 3), TextTable.Interval((r.InterceptHessian.Low, r.InterceptHessian.High), 3), F(r.AnalyticIntercept, 3),
                    F(r.SlopeLearningRate.Mean, 3), TextTable.Interval((r.SlopeLearningRate.Low, r.SlopeLearningRate.High), 3), F(r.AnalyticSlopeLearningRate, 3),
                    F(r.CorrelationInputRate.Mean, 3), F(r.Level.Mean, 3), TextTable.Interval((r.Level.Low, r.Level.High), 3),
                    Pct(r.Accuracy.Mean), Pct(r.AccuracySampled.Mean),
                    r.Epochs.Low == r.Epochs.High || r.Epochs.StandardDeviation == 0 ? F(r.Epochs.Mean, 0) : string.Create(CultureInfo.InvariantCulture, $"{r.Epochs.Mean:F1} (SD {r.Epochs.StandardDeviation:F1})"));
            }

            u.Write(w);
        }

        w.WriteLine("bootstrap +-: mean half-width of the single runs' 95% bootstrap CIs (resampling weights): the precision of one run's fit, not the spread between runs.");
        w.WriteLine("level = median ln(sigma^2 / sigma*^2); every run's own row (with its bootstrap CI and drift) is in --json and --out.");
        return sb.ToString();
    }

    /// <summary>JSON over seeds: <c>summary</c> (one object per mechanism and layer) and <c>runs</c> (every run's row, as without --seeds).</summary>
    public static string ReplicatedJson(IReadOnlyList<ReplicatedRow> summary, IReadOnlyList<SlopeRow> rows, DataSetKind kind, string source, NetworkShape shape)
    {
        static JsonNode Spread(Theory.Stats.Spread v) => JsonSerializer.SerializeToNode(JsonOutput.Of(v), JsonOutput.Options)!;

        var array = new JsonArray();
        foreach (ReplicatedRow r in summary)
        {
            array.Add(new JsonObject
            {
                ["mechanism"] = r.Mechanism,
                ["layer"] = r.Layer,
                ["rho"] = r.Rho,
                ["seeds"] = new JsonArray([.. r.Seeds.Select(x => (JsonNode)x)]),
                ["analytic_slope"] = r.AnalyticSlope,
                ["slope_hessian"] = Spread(r.SlopeHessian),
                ["analytic_slope_in_ci"] = r.SlopeHessian.Contains(r.AnalyticSlope),
                ["bootstrap_half_width"] = r.BootstrapHalfWidth,
                ["slope_fisher"] = Spread(r.SlopeFisher),
                ["intercept_hessian"] = Spread(r.InterceptHessian),
                ["analytic_intercept"] = r.AnalyticIntercept,
                ["slope_lr"] = Spread(r.SlopeLearningRate),
                ["analytic_slope_lr"] = r.AnalyticSlopeLearningRate,
                ["corr_input_rate"] = Spread(r.CorrelationInputRate),
                ["level"] = Spread(r.Level),
                ["accuracy"] = Spread(r.Accuracy),
                ["accuracy_sampled"] = Spread(r.AccuracySampled),
                ["epochs"] = Spread(r.Epochs),
            });
        }

        return new JsonObject { ["summary"] = array, ["runs"] = JsonRows(rows, kind, source, shape) }.ToJsonString(Indented);
    }

    /// <summary>slopes.txt/json/csv and the per-layer .npy arrays; <paramref name="runIndex"/> maps a row to its run in <paramref name="results"/>.</summary>
    /// <remarks>
    /// With <paramref name="tag"/> (--seeds), each run's arrays carry it (MECHANISM_TAG_layerL_QUANTITY.npy), and
    /// <paramref name="summary"/> goes to slopes_summary.csv: per mechanism and layer, each quantity's mean, SD and CI.
    /// </remarks>
    public static void WriteOutputs(string folder, IReadOnlyList<SlopeRow> rows, IReadOnlyList<SoftmaxResult> results, Func<SlopeRow, int> runIndex, string table, string json,
        Func<SlopeRow, string>? tag = null, IReadOnlyList<ReplicatedRow>? summary = null)
    {
        if (summary is not null)
        {
            (string Name, Func<ReplicatedRow, Theory.Stats.Spread> Pick)[] quantities =
            [
                ("slope_hessian", r => r.SlopeHessian), ("slope_fisher", r => r.SlopeFisher), ("intercept_hessian", r => r.InterceptHessian),
                ("slope_lr", r => r.SlopeLearningRate), ("corr_input_rate", r => r.CorrelationInputRate), ("level", r => r.Level),
                ("accuracy", r => r.Accuracy), ("accuracy_sampled", r => r.AccuracySampled), ("epochs", r => r.Epochs),
            ];
            CliApp.WriteAtomically(Path.Combine(folder, "slopes_summary.csv"), w =>
            {
                w.WriteLine("mechanism,rho,layer,seeds,analytic_slope,analytic_intercept,analytic_slope_lr,bootstrap_half_width," +
                    string.Join(',', quantities.Select(q => $"{q.Name}_mean,{q.Name}_sd,{q.Name}_lo,{q.Name}_hi")));
                foreach (ReplicatedRow r in summary)
                {
                    w.WriteLine(string.Join(',', [r.Mechanism, N(r.Rho), r.Layer.ToString(CultureInfo.InvariantCulture), r.Seeds.Length.ToString(CultureInfo.InvariantCulture),
                        N(r.AnalyticSlope), N(r.AnalyticIntercept), N(r.AnalyticSlopeLearningRate), N(r.BootstrapHalfWidth),
                        .. quantities.SelectMany(q => new[] { N(q.Pick(r).Mean), N(q.Pick(r).StandardDeviation), N(q.Pick(r).Low), N(q.Pick(r).High) })]));
                }
            });
        }

        Directory.CreateDirectory(folder);
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.txt"), w => w.Write(table));
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.json"), w => w.Write(json + "\n"));
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.csv"), w =>
        {
            w.WriteLine("mechanism,rho,accuracy,accuracy_sampled,analytic_slope,slope_hessian,slope_hessian_lo,slope_hessian_hi,r_hessian,slope_fisher,slope_fisher_lo,slope_fisher_hi,r_fisher,analytic_intercept,intercept_hessian,slope_lr,analytic_slope_lr,slope_laplace_variance,corr_input_rate,level,epochs,converged,sigma_drift,sigma_jitter,estimator,layer,slope_lr_proxy,unconstrained,silent_inputs,seed");
            foreach (SlopeRow r in rows)
            {
                w.WriteLine(string.Join(',', r.Mechanism, N(r.Rho), N(r.Accuracy), N(r.AccuracySampled), N(r.AnalyticSlope), N(r.SlopeHessian),
                    N(r.SlopeHessianCi.Low), N(r.SlopeHessianCi.High), N(r.RHessian), N(r.SlopeFisher), N(r.SlopeFisherCi.Low), N(r.SlopeFisherCi.High),
                    N(r.RFisher), N(r.AnalyticIntercept), N(r.InterceptHessian), N(r.SlopeLearningRate), N(r.AnalyticSlopeLearningRate),
                    N(r.SlopeLaplaceVariance), N(r.CorrelationInputRate), N(r.Level), r.Epochs.ToString(CultureInfo.InvariantCulture), r.Converged ? "true" : "false",
                    N(r.SigmaDrift), N(r.SigmaJitter), r.Estimator, r.Layer.ToString(CultureInfo.InvariantCulture), N(r.SlopeLearningRateProxy),
                    r.Unconstrained.ToString(CultureInfo.InvariantCulture), r.SilentInputs.ToString(CultureInfo.InvariantCulture), r.Seed.ToString(CultureInfo.InvariantCulture)));
            }
        });

        CliApp.WriteAtomically(Path.Combine(folder, "drift_by_decile.csv"), w =>
        {
            w.WriteLine("mechanism,seed,layer,decile,drift_per_epoch");
            foreach (SlopeRow r in rows)
            {
                for (int d = 0; d < r.DriftByDecile.Length; d++)
                {
                    w.WriteLine(string.Join(',', r.Mechanism, r.Seed.ToString(CultureInfo.InvariantCulture), r.Layer.ToString(CultureInfo.InvariantCulture),
                        d.ToString(CultureInfo.InvariantCulture), N(r.DriftByDecile[d])));
                }
            }
        });
        CliApp.WriteAtomically(Path.Combine(folder, "drift_by_epoch.csv"), w =>
        {
            w.WriteLine("mechanism,seed,layer,epoch,median_drift,lowest_decile_drift");
            foreach (SlopeRow r in rows.Where(r => r.DriftByEpoch is not null))
            {
                for (int e = 0; e < r.DriftByEpoch!.Median.Length; e++)
                {
                    w.WriteLine(string.Join(',', r.Mechanism, r.Seed.ToString(CultureInfo.InvariantCulture), r.Layer.ToString(CultureInfo.InvariantCulture),
                        (e + 1).ToString(CultureInfo.InvariantCulture), N(r.DriftByEpoch.Median[e]), N(r.DriftByEpoch.LowestDecile[e])));
                }
            }
        });

        // One set of arrays per mechanism and layer, each K x D (output unit, input unit), named with the layer index.
        foreach ((SlopeRow row, SoftmaxResult run) in rows.Select(r => (r, results[runIndex(r)])))
        {
            LayerResult r = run.Layers[row.Layer];
            int k = r.Outputs, d = r.Inputs;
            string stem = Path.Combine(folder, $"{row.Mechanism.Replace('=', '_')}{(tag is null ? string.Empty : "_" + tag(row))}_layer{row.Layer}");
            NpyWriter.Write(stem + "_sigma2.npy", r.SigmaSquared, k, d);
            NpyWriter.Write(stem + "_mu.npy", r.Mu, k, d);
            NpyWriter.Write(stem + "_hessian.npy", r.Hessian, k, d);
            NpyWriter.Write(stem + "_fisher.npy", r.Fisher, k, d);
            NpyWriter.Write(stem + "_learning_rate.npy", r.LearningRate, k, d);
            NpyWriter.Write(stem + "_learning_rate_proxy.npy", r.LearningRateProxy(), k, d);
            NpyWriter.Write(stem + "_input_rate.npy", r.InputRate, k, d);
            NpyWriter.Write(stem + "_mean_abs_input.npy", r.MeanAbsoluteInput, k, d);
            NpyWriter.Write(stem + "_laplace_variance.npy", r.LaplaceVariance(run.Options.PriorPrecision), k, d);
            NpyWriter.Write(stem + "_fisher_hessian.npy", r.FisherHessian(run.TrainingSize, run.Options.BatchSize), k, d);
        }
    }

    private static string N(double v) => double.IsNaN(v) ? string.Empty : CliApp.Number(v);

    private static string F(double v, int digits) => double.IsNaN(v) ? "n/a" : TextTable.Fixed(v, digits);

    private static string E(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.0e0;-0.0e0", CultureInfo.InvariantCulture);

    private static string Pct(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static JsonArray Pair((double Low, double High) ci) => [ci.Low, ci.High];

    private static JsonValue? Nullable(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
