using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Data;
using Theory.Synapses;

namespace Theory.Cli;

/// <summary>
/// <c>theory synapses</c>: Bayesian synapses (a filter per synapse), synaptic sampling (Langevin) and the
/// energy-efficient synapse against the exact posterior of the linear Gaussian model (THEORY.md sections 3, 4, 7, 8).
/// </summary>
internal static class SynapsesCommand
{
    public static Command Create()
    {
        var synapses = new Option<int>("--synapses") { Description = "Synapses d (50 by default, not theory linear's 200: the Langevin chain's covariance error is about sqrt(d / ESS), and the steps must stay below 2/lambda_max(P), which falls as d grows).", DefaultValueFactory = _ => 50 };
        var samples = new Option<int>("--samples") { Description = "Data points N of the static posterior (and the static filter's steps).", DefaultValueFactory = _ => 4000 };
        var rateMin = new Option<double>("--rate-min") { Description = "Lowest input rate r_i (rates log-uniform between the two).", DefaultValueFactory = _ => 0.005 };
        var rateMax = new Option<double>("--rate-max") { Description = "Highest input rate.", DefaultValueFactory = _ => 0.5 };
        var correlation = new Option<double>("--correlation") { Description = "Correlation of the inputs' latent Gaussians (one shared factor), from 0 to below 1.", DefaultValueFactory = _ => 0.0 };
        var sigmaY = new Option<double>("--sigma-y") { Description = "Output noise sigma_y.", DefaultValueFactory = _ => 1.0 };
        var sigma0 = new Option<double>("--sigma0") { Description = "Prior (and teacher, and drift) standard deviation sigma_0.", DefaultValueFactory = _ => 1.0 };
        var tau = new Option<double>("--tau") { Description = "Time constant (steps) of the drifting teacher, an Ornstein-Uhlenbeck process.", DefaultValueFactory = _ => 1e4 };
        var driftSteps = new Option<int>("--drift-steps") { Description = "Steps of the drifting filter run (its second half is averaged); default 20 tau." };
        var step = new Option<double?>("--step") { Description = "Langevin step e (instead of --step-fraction); refused at 2/lambda_max(P) and above, where the chain diverges." };
        var stepFraction = new Option<double>("--step-fraction") { Description = "Langevin step as a fraction of 2/lambda_max(P) (from 0 to below 1); its bias P^-1 (I - e P/2)^-1 - P^-1 grows with it.", DefaultValueFactory = _ => 0.5 };
        var burnIn = new Option<int>("--burn-in") { Description = "Langevin steps discarded before sampling.", DefaultValueFactory = _ => 50_000 };
        var chain = new Option<int>("--chain") { Description = "Langevin samples kept.", DefaultValueFactory = _ => 2_000_000 };
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents of the energy-efficient rows instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var s = new Option<double>("--s") { Description = "Reliability scale s.", DefaultValueFactory = _ => 1e-3 };
        var lambda = new Option<double>("--lambda") { Description = "Reliability weight lambda.", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the data, the drifting run, the chain and the bootstrap.", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Write synapses.txt/json and per-synapse .npy arrays (rates, every method's variances, the exact and the Langevin covariance) to this folder." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars." };
        var plot = new Option<string?>("--plot") { Description = "Write synapses.png and .svg to this folder: ln variance against ln input rate for each theory with its predicted slope, and the Langevin covariance error as the chain grows." };

        var command = new Command("synapses", "Bayesian synapses (filter), synaptic sampling (Langevin) and energy-efficient noise against the exact posterior, in the linear Gaussian model.");
        foreach (Option o in new Option[] { synapses, samples, rateMin, rateMax, correlation, sigmaY, sigma0, tau, driftSteps, step, stepFraction, burnIn, chain, rho, s, lambda, seed, json, output, quiet, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            int d = parse.GetValue(synapses), n = parse.GetValue(samples);
            if (d is < 3 or > 2000)
            {
                throw new UsageException($"--synapses must be from 3 to 2000 (the chain's covariance is d x d, updated every step; got {d}).");
            }

            int kept = parse.GetValue(chain), burn = parse.GetValue(burnIn);
            if (kept is < 1000 or > 100_000_000 || burn is < 0 or > 100_000_000)
            {
                throw new UsageException($"--chain must be from 1000 to 1e8 and --burn-in from 0 to 1e8 (got {kept} and {burn}).");
            }

            double t = parse.GetValue(tau);
            if (!(t >= 2 && t <= 1e8))
            {
                throw new UsageException($"--tau must be from 2 to 1e8 steps (got {CliApp.Number(t)}).");
            }

            int drift = parse.GetValue(driftSteps);
            if (drift < 0 || (drift == 0 && 20 * t > int.MaxValue))
            {
                throw new UsageException($"--drift-steps must be at least 1 (got {drift}).");
            }

            double fraction = parse.GetValue(stepFraction);
            if (!(fraction > 0 && fraction < 1))
            {
                throw new UsageException($"--step-fraction must be above 0 and below 1: at 1 the step is 2/lambda_max(P), where the chain diverges (got {CliApp.Number(fraction)}).");
            }

            if (parse.GetValue(step) is not null && parse.GetResult(stepFraction) is { Implicit: false })
            {
                throw new UsageException("give --step or --step-fraction, not both.");
            }

            var options = new SynapseComparison.Options(d, n, parse.GetValue(rateMin), parse.GetValue(rateMax), parse.GetValue(correlation), parse.GetValue(sigmaY),
                parse.GetValue(sigma0), t, drift, parse.GetValue(step), burn, kept, parse.GetValue(s), parse.GetValue(lambda), parse.GetValue(seed), fraction);
            var mechanisms = CliApp.Runs(parse.GetValue(rho));
            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? folder = folders.Out, plotFolder = folders.Plot;

            SynapseComparison.Result result = null!;
            if (CliApp.ProgressConsole(parse.GetValue(quiet)) is { } console)
            {
                console.Progress()
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var bars = new Dictionary<string, ProgressTask>
                        {
                            ["filter"] = ctx.AddTask("posterior and static filter", maxValue: 1),
                            ["langevin"] = ctx.AddTask($"Langevin chain ({kept + burn} steps)", maxValue: 1),
                            ["drift"] = ctx.AddTask($"drifting filter ({options.EffectiveDriftSteps} steps)", maxValue: 1),
                        };
                        result = SynapseComparison.Run(options, mechanisms, (phase, f) => bars[phase].Value = f);
                    });
            }
            else
            {
                result = SynapseComparison.Run(options, mechanisms);
            }

            string text = Text(options, result);
            string jsonText = Json(options, result);
            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : text);
            if (plotDir is not null)
            {
                Figures.SynapsesFigure.Write(folders.PlotPath(plotDir)!, options, result);
                plotFolder?.Complete(parse);
            }

            if (folder is not null)
            {
                CliApp.WriteAtomically(Path.Combine(folder.Path, "synapses.txt"), w => w.Write(text));
                CliApp.WriteAtomically(Path.Combine(folder.Path, "synapses.json"), w => w.Write(jsonText + "\n"));
                NpyWriter.Write(Path.Combine(folder.Path, "rates.npy"), result.Rates, result.Rates.Length);
                NpyWriter.Write(Path.Combine(folder.Path, "covariance_exact.npy"), result.ExactCovariance.ToRowMajorArray(), d, d);
                NpyWriter.Write(Path.Combine(folder.Path, "covariance_langevin.npy"), result.ChainCovariance.ToRowMajorArray(), d, d);
                foreach (SynapseComparison.Row r in result.Rows)
                {
                    NpyWriter.Write(Path.Combine(folder.Path, $"variance_{Slug(r.Method)}.npy"), r.Variance, r.Variance.Length);
                }

                folder.Complete(parse);
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static string Slug(string method)
    {
        string m = method.Replace("(P^-1)_ii", "exact", StringComparison.Ordinal).Replace("1/P_ii", string.Empty, StringComparison.Ordinal).Replace("sigma*^2", string.Empty, StringComparison.Ordinal);
        int comma = m.IndexOf(", e =", StringComparison.Ordinal);
        m = comma > 0 ? m[..comma] : m;
        return string.Join('_', m.Split([' ', ',', '-'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    private static string Text(SynapseComparison.Options o, SynapseComparison.Result r)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine($"linear Gaussian model: d = {o.Synapses} synapses, N = {o.Samples} samples, input rates {Theory.Guard.Format(o.RateMin)}..{Theory.Guard.Format(o.RateMax)}, latent correlation {Theory.Guard.Format(o.Correlation)}, sigma_y {Theory.Guard.Format(o.SigmaY)}, sigma_0 {Theory.Guard.Format(o.Sigma0)}, seed {o.Seed}");
        w.WriteLine($"Langevin: e = {G(r.Step.Step)} ({TextTable.Fixed(r.Step.Step / r.Step.Limit, 3)} of 2/lambda_max(P) = {G(r.Step.Limit)}), {o.BurnIn} burn-in steps, {o.ChainSamples} samples; drifting teacher: tau = {G(o.Tau)}, {r.Drift.Steps} steps (second half averaged)");
        w.WriteLine("ratio = variance / exact marginal (P^-1)_ii (drifting filter: / the steady state s^2 = sigma_0 sigma_delta sqrt(2/(tau r)) of THEORY.md section 7); slope = d ln variance / d ln r_i with a 95% bootstrap CI");
        w.WriteLine();
        var table = new TextTable("method", "median ratio", "min", "max", "ratio to 1/P_ii", "slope vs ln r", "95% CI", "predicted", "inside");
        foreach (SynapseComparison.Row row in r.Rows)
        {
            bool inside = row.SlopeCi.Low <= row.Predicted && row.Predicted <= row.SlopeCi.High;
            table.Add(row.Method, G(row.Ratio.Median), G(row.Ratio.Min), G(row.Ratio.Max), G(row.MeanFieldRatio.Median),
                TextTable.Fixed(row.Slope, 4), TextTable.Interval(row.SlopeCi, 4), TextTable.Fixed(row.Predicted, 4), inside ? "yes" : "no");
        }

        table.Write(w);
        w.WriteLine($"predicted slopes are large-data limits: with N = {o.Samples} and sigma_0 = {Theory.Guard.Format(o.Sigma0)}, mean-field's slope from E[A_ii] = N r_i is {TextTable.Fixed(r.MeanFieldSlopeWithPrior, 4)}");
        w.WriteLine();
        w.WriteLine("covariance: relative Frobenius error ||C - target||_F / ||target||_F");
        var cov = new TextTable("matrix", "target", "first 1/4 of chain", "first 1/2", "whole chain");
        cov.Add("Langevin sample covariance", "P^-1 (exact)", E(r.FrobeniusExact[0]), E(r.FrobeniusExact[1]), E(r.FrobeniusExact[2]));
        cov.Add("Langevin sample covariance", "P^-1 (I - e P/2)^-1 (its predicted bias)", E(r.FrobeniusBiased[0]), E(r.FrobeniusBiased[1]), E(r.FrobeniusBiased[2]));
        cov.Add("P^-1 (I - e P/2)^-1", "P^-1 (exact)", string.Empty, string.Empty, E(r.PredictedBias));
        cov.Add("mean-field diag(1/P_ii)", "P^-1 (exact)", string.Empty, string.Empty, E(r.FrobeniusMeanField));
        cov.Write(w);
        w.WriteLine($"median effective sample size over synapses (whole chain): {G(r.MedianEss)}; the error against the biased form should shrink like 1/sqrt(ESS), halving from 1/4 of the chain to all of it");
        w.WriteLine();
        w.WriteLine("Bayesian filter: learning rate (gain s_i^2 / sigma_delta^2 when x_i = 1) against its variance; predicted slope 1");
        var lr = new TextTable("run", "slope of ln rate vs ln variance", "95% CI");
        lr.Add("static", TextTable.Fixed(r.LearningRateSlope[0].Slope, 4), TextTable.Interval(r.LearningRateSlope[0].Ci, 4));
        lr.Add("drifting", TextTable.Fixed(r.LearningRateSlope[1].Slope, 4), TextTable.Interval(r.LearningRateSlope[1].Ci, 4));
        lr.Write(w);
        return sb.ToString();
    }

    private static string Json(SynapseComparison.Options o, SynapseComparison.Result r) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["synapses"] = o.Synapses,
        ["samples"] = o.Samples,
        ["correlation"] = o.Correlation,
        ["tau"] = o.Tau,
        ["drift_steps"] = r.Drift.Steps,
        ["langevin_step"] = r.Step.Step,
        ["langevin_step_limit"] = r.Step.Limit,
        ["chain_samples"] = o.ChainSamples,
        ["rows"] = r.Rows.Select(x => new Dictionary<string, object?>
        {
            ["method"] = x.Method,
            ["ratio"] = new Dictionary<string, double> { ["median"] = x.Ratio.Median, ["min"] = x.Ratio.Min, ["max"] = x.Ratio.Max },
            ["ratio_mean_field"] = new Dictionary<string, double> { ["median"] = x.MeanFieldRatio.Median, ["min"] = x.MeanFieldRatio.Min, ["max"] = x.MeanFieldRatio.Max },
            ["slope_rate"] = x.Slope,
            ["slope_rate_ci"] = new[] { x.SlopeCi.Low, x.SlopeCi.High },
            ["predicted"] = x.Predicted,
        }).ToList(),
        ["frobenius_exact"] = r.FrobeniusExact,
        ["frobenius_biased"] = r.FrobeniusBiased,
        ["predicted_bias"] = r.PredictedBias,
        ["frobenius_mean_field"] = r.FrobeniusMeanField,
        ["median_ess"] = r.MedianEss,
        ["learning_rate_slope"] = r.LearningRateSlope.Select(x => new Dictionary<string, object> { ["slope"] = x.Slope, ["ci"] = new[] { x.Ci.Low, x.Ci.High } }).ToList(),
        ["drift_sigma_delta_squared"] = r.Drift.SigmaDeltaSquared,
        ["mean_field_slope_with_prior"] = r.MeanFieldSlopeWithPrior,
    }, JsonOutput.Options);

    private static string G(double v) => !double.IsFinite(v) ? CliApp.Number(v) : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string E(double v) => !double.IsFinite(v) ? "n/a" : v.ToString("0.000E+0", CultureInfo.InvariantCulture);
}
