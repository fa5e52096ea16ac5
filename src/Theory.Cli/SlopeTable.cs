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

    public static string Text(IReadOnlyList<SlopeRow> rows, int trainingSize, DataSetKind kind, string source, WeightEstimator estimator, bool single)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine($"{MnistFiles.DisplayName(kind)} ({trainingSize} training images, content checked by SHA-256, from {source}); estimator: {(estimator == WeightEstimator.Local ? "local reparameterisation" : "one weight sample per minibatch")}; {(single ? "single" : "double")} precision");
        w.WriteLine("slope_H, slope_F: d ln sigma^2 / d ln H, with H the exact Hessian diagonal and N F / B from the empirical Fisher");
        var t = new TextTable("mechanism", "rho", "acc", "analytic", "slope_H", "95% CI", "r_H", "slope_F", "95% CI", "r_F");
        foreach (SlopeRow r in rows)
        {
            t.Add(r.Mechanism, F(r.Rho, 4), Pct(r.Accuracy), F(r.AnalyticSlope, 3), F(r.SlopeHessian, 3), TextTable.Interval(r.SlopeHessianCi, 3), F(r.RHessian, 3),
                F(r.SlopeFisher, 3), TextTable.Interval(r.SlopeFisherCi, 3), F(r.RFisher, 3));
        }

        t.Write(w);
        w.WriteLine();
        var u = new TextTable("mechanism", "intercept", "analytic", "slope_lr", "analytic", "corr_rate", "level", "epochs", "drift/epoch", "jitter", "settled");
        foreach (SlopeRow r in rows)
        {
            bool settled = double.IsFinite(r.SigmaDrift) && Math.Abs(r.SigmaDrift) < 1e-3;
            u.Add(r.Mechanism, F(r.InterceptHessian, 3), F(r.AnalyticIntercept, 3), F(r.SlopeLearningRate, 3), F(r.AnalyticSlopeLearningRate, 3),
                F(r.CorrelationInputRate, 3), F(r.Level, 3), r.Epochs.ToString(CultureInfo.InvariantCulture), E(r.SigmaDrift), E(r.SigmaJitter),
                settled ? "yes" : "NO");
        }

        u.Write(w);
        w.WriteLine("level = median ln(sigma^2 / sigma*^2), sigma* the closed form from H (0 if the level holds); drift = signed median change of ln sigma");
        w.WriteLine("per epoch over the last 5 epochs; settled = |drift| < 1e-3. Sampled-weight test accuracy: " +
            string.Join(", ", rows.Select(r => $"{r.Mechanism} {Pct(r.AccuracySampled)}")));
        if (rows.Any(r => r.Unconstrained > 0))
        {
            w.WriteLine($"left out of fits (H = 0, unconstrained): {rows[0].Unconstrained} weights");
        }

        return sb.ToString();
    }

    /// <remarks>Every row names the data set that was read (identified by its files' digests) and its folder.</remarks>
    public static string Json(IReadOnlyList<SlopeRow> rows, DataSetKind kind, string source)
    {
        var array = new JsonArray();
        foreach (SlopeRow r in rows)
        {
            array.Add(new JsonObject
            {
                ["mechanism"] = r.Mechanism,
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
                ["analytic_slope"] = r.AnalyticSlope,
                ["intercept_hessian"] = r.InterceptHessian,
                ["analytic_intercept"] = r.AnalyticIntercept,
                ["slope_lr"] = r.SlopeLearningRate,
                ["analytic_slope_lr"] = r.AnalyticSlopeLearningRate,
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
            });
        }

        return array.ToJsonString(Indented);
    }

    public static void WriteOutputs(string folder, IReadOnlyList<SlopeRow> rows, IReadOnlyList<SoftmaxResult> results, string table, string json)
    {
        Directory.CreateDirectory(folder);
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.txt"), w => w.Write(table));
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.json"), w => w.Write(json + "\n"));
        CliApp.WriteAtomically(Path.Combine(folder, "slopes.csv"), w =>
        {
            w.WriteLine("mechanism,rho,accuracy,accuracy_sampled,analytic_slope,slope_hessian,slope_hessian_lo,slope_hessian_hi,r_hessian,slope_fisher,slope_fisher_lo,slope_fisher_hi,r_fisher,analytic_intercept,intercept_hessian,slope_lr,analytic_slope_lr,slope_laplace_variance,corr_input_rate,level,epochs,converged,sigma_drift,sigma_jitter,estimator");
            foreach (SlopeRow r in rows)
            {
                w.WriteLine(string.Join(',', r.Mechanism, N(r.Rho), N(r.Accuracy), N(r.AccuracySampled), N(r.AnalyticSlope), N(r.SlopeHessian),
                    N(r.SlopeHessianCi.Low), N(r.SlopeHessianCi.High), N(r.RHessian), N(r.SlopeFisher), N(r.SlopeFisherCi.Low), N(r.SlopeFisherCi.High),
                    N(r.RFisher), N(r.AnalyticIntercept), N(r.InterceptHessian), N(r.SlopeLearningRate), N(r.AnalyticSlopeLearningRate),
                    N(r.SlopeLaplaceVariance), N(r.CorrelationInputRate), N(r.Level), r.Epochs.ToString(CultureInfo.InvariantCulture), r.Converged ? "true" : "false",
                    N(r.SigmaDrift), N(r.SigmaJitter), r.Estimator));
            }
        });

        for (int i = 0; i < rows.Count; i++)
        {
            SoftmaxResult r = results[i];
            int features = r.SigmaSquared.Length / StochasticSoftmax.Classes;
            string stem = Path.Combine(folder, rows[i].Mechanism.Replace('=', '_'));
            NpyWriter.Write(stem + "_sigma2.npy", r.SigmaSquared, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_mu.npy", r.Mu, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_hessian.npy", r.Hessian, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_fisher.npy", r.Fisher, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_learning_rate.npy", r.LearningRate, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_input_rate.npy", r.InputRate, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_mean_abs_input.npy", r.MeanAbsoluteInput, StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_laplace_variance.npy", r.LaplaceVariance(), StochasticSoftmax.Classes, features);
            NpyWriter.Write(stem + "_fisher_hessian.npy", r.FisherHessian(), StochasticSoftmax.Classes, features);
        }
    }

    private static string N(double v) => double.IsNaN(v) ? string.Empty : CliApp.Number(v);

    private static string F(double v, int digits) => double.IsNaN(v) ? "n/a" : TextTable.Fixed(v, digits);

    private static string E(double v) => double.IsNaN(v) ? "n/a" : v.ToString("+0.0e0;-0.0e0", CultureInfo.InvariantCulture);

    private static string Pct(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static JsonArray Pair((double Low, double High) ci) => [ci.Low, ci.High];

    private static JsonValue? Nullable(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
