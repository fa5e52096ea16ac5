using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;
using Theory.Analytic;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary><c>theory tradeoff --linear</c>: the tradeoff grid in the linear Gaussian model, beside THEORY.md section 10's closed forms.</summary>
internal static partial class TradeoffCommand
{
    private static int Linear(
        System.CommandLine.ParseResult parse, List<TradeoffTask> tasks, List<(string Name, double Rho)> mechanisms, double s, ulong seed,
        int synapses, int samples, int steps, double sigmaY, string? from, bool json, string? plot, int threads, bool quiet)
    {
        var shared = new StochasticLinearRegression.Options(mechanisms[0].Rho, S: s, Steps: steps, Seed: seed);
        tasks.ForEach(t => (shared with { Rho = t.Rho, Lambda = t.Lambda(s) }).Validate());
        List<HessianRatio>? hessians = from is null ? null : HessianRatios(from, mechanisms);
        var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: synapses, Samples: samples, SigmaY: sigmaY, Seed: seed));
        LinearGaussianModel model = data.Model(sigmaY);
        LinearTradeoff.Importances(model); // refuses silent synapses before any fit
        using OutputFolder? plotFolder = plot is null ? null : CliApp.PrepareOutputFolder(plot, "--plot");

        var runs = new LinearTradeoffRun[tasks.Count];
        void Fit(Action? done) => Parallel.For(0, tasks.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            runs[i] = LinearTradeoff.Run(model, shared, tasks[i]);
            done?.Invoke();
        });
        if (CliApp.ProgressConsole(quiet) is { } console)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask bar = ctx.AddTask("tradeoff --linear", maxValue: tasks.Count);
                    Fit(() => bar.Increment(1));
                });
        }
        else
        {
            Fit(null);
        }

        LinearTradeoffSummary[] summaries = [.. runs.GroupBy(r => r.Mechanism).Select(g => LinearTradeoff.Summarise(model, [.. g]))];
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["synapses"] = synapses,
                ["samples"] = samples,
                ["steps"] = steps,
                ["runs"] = runs.Select(r => new Dictionary<string, object?>
                {
                    ["mechanism"] = r.Mechanism, ["rho"] = r.Rho, ["c"] = r.C, ["setting"] = r.Setting.ToString().ToLowerInvariant(), ["lambda"] = r.Lambda,
                    ["rms_sigma"] = r.RmsSigma, ["closed_rms_sigma"] = r.ClosedRmsSigma, ["max_relative_error"] = r.MaxRelativeError,
                    ["reliability_cost"] = r.ReliabilityCost, ["excess_cost"] = r.ExcessCost, ["loss"] = r.Loss, ["closed_loss"] = r.ClosedLoss,
                }).ToList(),
                ["summary"] = summaries.Select(x => new Dictionary<string, object?>
                {
                    ["mechanism"] = x.Mechanism, ["rho"] = x.Rho, ["power_mean_ratio"] = x.PowerMeanRatio, ["closed_loss_ratio"] = x.ClosedLossRatio,
                    ["loss_ratio"] = x.LossRatio.Select(l => new Dictionary<string, double> { ["c"] = l.C, ["ratio"] = l.Ratio }).ToList(),
                    ["excess_ratio"] = x.ExcessRatio.Select(l => new Dictionary<string, double> { ["c"] = l.C, ["reliability_cost"] = l.ReliabilityCost, ["ratio"] = l.Ratio }).ToList(),
                }).ToList(),
                ["hessian"] = hessians?.Select(h => new Dictionary<string, object?>
                {
                    ["mechanism"] = h.Mechanism, ["rho"] = h.Rho, ["seed"] = h.Tag, ["layers"] = h.Layers, ["weights"] = h.Weights, ["positive"] = h.Positive,
                    ["power_mean_ratio"] = h.PowerMeanRatio, ["loss_ratio"] = h.LossRatio,
                }).ToList(),
            }, JsonOutput.Options));
        }
        else
        {
            Console.Out.Write(LinearText(runs, summaries, hessians, synapses, samples, steps, data));
        }

        if (plotFolder is not null)
        {
            Figures.TradeoffFigure.WriteLinear(plotFolder.Path, runs, summaries);
            plotFolder.Complete(parse);
        }

        return CliApp.Ok;
    }

    private static string LinearText(LinearTradeoffRun[] runs, LinearTradeoffSummary[] summaries, List<HessianRatio>? hessians, int synapses, int samples, int steps, SyntheticLinearData data)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine($"tradeoff in the linear Gaussian model: d = {synapses} synapses, N = {samples} samples, input rates {TextTable.Fixed(data.Rates.Min(), 4)}..{TextTable.Fixed(data.Rates.Max(), 2)}, exact expected loss, {steps} Adam steps per fit");
        w.WriteLine("closed forms (THEORY.md section 10): sigma_i* = (lambda s^rho / h_i)^(1/(2+rho)), sigma_hom = (lambda s^rho / mean h)^(1/(2+rho)), L = P + lambda R at the optimum");
        w.WriteLine("err = max_i |sigma_i / closed form - 1|; P = (1/2) sum h_i sigma_i^2; R = sum (1/rho)(s/sigma_i)^rho; L err = |L / L closed - 1|");
        w.WriteLine();
        var table = new TextTable("mechanism", "setting", "c", "RMS sigma", "closed form", "err", "R", "P", "L", "L closed", "L err");
        foreach (LinearTradeoffRun r in runs)
        {
            table.Add(r.Mechanism, r.Setting == NoiseSetting.Heterogeneous ? "het" : "hom", G(r.C), G(r.RmsSigma), G(r.ClosedRmsSigma), E(r.MaxRelativeError),
                G(r.ReliabilityCost), G(r.ExcessCost), G(r.Loss), G(r.ClosedLoss), E(Math.Abs((r.Loss / r.ClosedLoss) - 1)));
        }

        table.Write(w);
        if (summaries.All(x => x.LossRatio.All(l => double.IsNaN(l.Ratio))))
        {
            return sb.ToString();
        }

        w.WriteLine();
        w.WriteLine("heterogeneous against homogeneous: L_het / L_hom = (M_a(h)/M_1(h))^a at every c; P_het / P_hom = M_a(h)/M_1(h) at matched R (a = rho/(2+rho))");
        w.WriteLine("trained: the range over c of L_het/L_hom, and of P_het/P_hom at each heterogeneous run's R (P_hom interpolated on ln R; runs outside the homogeneous range left out)");
        var summary = new TextTable("mechanism", "rho", "a", "M_a/M_1", "(M_a/M_1)^a", "L ratio trained", "max err", "P ratio trained", "max err", "matched");
        foreach (LinearTradeoffSummary x in summaries)
        {
            double[] l = [.. x.LossRatio.Select(v => v.Ratio).Where(double.IsFinite)];
            double[] p = [.. x.ExcessRatio.Select(v => v.Ratio).Where(double.IsFinite)];
            summary.Add(x.Mechanism, TextTable.Fixed(x.Rho, 4), TextTable.Fixed(x.Rho / (2 + x.Rho), 4), TextTable.Fixed(x.PowerMeanRatio, 6), TextTable.Fixed(x.ClosedLossRatio, 6),
                Range(l), l.Length == 0 ? "n/a" : E(l.Max(v => Math.Abs((v / x.ClosedLossRatio) - 1))),
                Range(p), p.Length == 0 ? "n/a" : E(p.Max(v => Math.Abs((v / x.PowerMeanRatio) - 1))),
                $"{p.Length} of {x.ExcessRatio.Length}");
        }

        summary.Write(w);
        if (hessians is not null)
        {
            w.WriteLine();
            w.WriteLine("the same ratio for the exact Hessian diagonal H of trained MNIST networks (weights with H > 0): what heterogeneous noise buys there, in the quadratic approximation");
            var h = new TextTable("mechanism", "run", "layers", "weights", "H > 0", "M_a(H)/M_1(H)", "(M_a/M_1)^a");
            foreach (HessianRatio r in hessians)
            {
                h.Add(r.Mechanism, r.Tag, r.Layers, r.Weights.ToString(CultureInfo.InvariantCulture), r.Positive.ToString(CultureInfo.InvariantCulture), TextTable.Fixed(r.PowerMeanRatio, 4), TextTable.Fixed(r.LossRatio, 4));
            }

            h.Write(w);
        }

        return sb.ToString();
    }

    private static string Range(double[] v) => v.Length == 0 ? "n/a" : v.Min() == v.Max() ? TextTable.Fixed(v[0], 6) : $"{TextTable.Fixed(v.Min(), 6)}..{TextTable.Fixed(v.Max(), 6)}";

    private static string E(double v) => !double.IsFinite(v) ? "n/a" : v.ToString("0.0E+0", CultureInfo.InvariantCulture);

    /// <summary>M_a(H)/M_1(H) for one trained network of a slopes --out folder (all its layers' weights with H &gt; 0).</summary>
    internal sealed record HessianRatio(string Mechanism, double Rho, string Tag, string Layers, int Weights, int Positive, double PowerMeanRatio, double LossRatio);

    /// <summary>Reads every MECHANISM[_seedK]_layerL_hessian.npy in a slopes --out folder and gives each run's ratio.</summary>
    internal static List<HessianRatio> HessianRatios(string folder, List<(string Name, double Rho)> mechanisms)
    {
        string full = CliApp.FolderPath(folder);
        if (!Directory.Exists(full))
        {
            throw new UsageException($"--from '{Theory.Guard.Quote(folder)}' is not a folder.");
        }

        var groups = Directory.GetFiles(full, "*_layer*_hessian.npy")
            .Select(f => (File: f, Match: HessianName().Match(Path.GetFileName(f))))
            .Where(x => x.Match.Success)
            .GroupBy(x => (Mechanism: x.Match.Groups["mech"].Value, Tag: x.Match.Groups["tag"].Value))
            .OrderBy(g => RhoOf(g.Key.Mechanism)).ThenBy(g => g.Key.Tag.Length).ThenBy(g => g.Key.Tag, StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0)
        {
            throw new UsageException($"--from '{Theory.Guard.Quote(folder)}' holds no MECHANISM_layerL_hessian.npy: give a theory slopes --out folder.");
        }

        var result = new List<HessianRatio>();
        foreach (var g in groups)
        {
            double rho = RhoOf(g.Key.Mechanism);
            double[] h = [.. g.OrderBy(x => int.Parse(x.Match.Groups["layer"].Value, CultureInfo.InvariantCulture)).SelectMany(x => NpyReader.Read(x.File).Values)];
            double[] positive = [.. h.Where(v => v > 0 && double.IsFinite(v))];
            if (positive.Length == 0)
            {
                throw new IOException($"{Theory.Guard.Quote(g.First().File)}: no weight has H > 0.");
            }

            double ratio = Tradeoff.ExcessCostRatio(rho, positive);
            result.Add(new HessianRatio(g.Key.Mechanism.Replace('_', '='), rho, g.Key.Tag.Length == 0 ? "-" : g.Key.Tag,
                string.Join(",", g.Select(x => x.Match.Groups["layer"].Value).Order(StringComparer.Ordinal)), h.Length, positive.Length, ratio, Math.Pow(ratio, Tradeoff.Exponent(rho))));
        }

        return result;
    }

    // "calcium" -> 0.5; "rho_0.75" (slopes --rho 0.75) -> 0.75.
    private static double RhoOf(string mechanism)
    {
        if (mechanism.StartsWith("rho_", StringComparison.Ordinal) && double.TryParse(mechanism[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out double rho) && rho > 0)
        {
            return rho;
        }

        return Mechanisms.All.Where(m => m.Name() == mechanism).Select(m => (double?)m.Rho()).FirstOrDefault()
            ?? throw new UsageException($"--from: '{Theory.Guard.Quote(mechanism)}' is neither a mechanism nor rho_R.");
    }

    [GeneratedRegex(@"^(?<mech>[a-z]+|rho_[0-9.eE+-]+?)(_(?<tag>seed[0-9]+))?_layer(?<layer>[0-9]+)_hessian\.npy$")]
    private static partial Regex HessianName();
}
