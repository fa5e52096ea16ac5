using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Theory.Analytic;
using Theory.Stats;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory linear</c>: trains the stochastic linear regression on seeded synthetic data for each mechanism and
/// compares the learned noise with the closed form (THEORY.md sections 3 and 4).
/// </summary>
internal static class LinearCommand
{
    public static Command Create()
    {
        var synapses = new Option<int>("--synapses") { Description = "Number of synapses d.", DefaultValueFactory = _ => 200 };
        var samples = new Option<int>("--samples") { Description = "Number of data points N.", DefaultValueFactory = _ => 4000 };
        var steps = new Option<int>("--steps") { Description = "Adam steps (full batch).", DefaultValueFactory = _ => 4000 };
        var lr = new Option<double>("--lr") { Description = "Initial Adam learning rate (decays geometrically to 1e-5).", DefaultValueFactory = _ => 0.05 };
        var s = new Option<double>("--s") { Description = "Reliability scale s.", DefaultValueFactory = _ => 1e-3 };
        var lambda = new Option<double>("--lambda") { Description = "Reliability weight lambda.", DefaultValueFactory = _ => 1.0 };
        var sigmaY = new Option<double>("--sigma-y") { Description = "Output noise sigma_y.", DefaultValueFactory = _ => 1.0 };
        var sigma0 = new Option<double>("--sigma0") { Description = "Prior standard deviation sigma_0 for v_MF.", DefaultValueFactory = _ => 10.0 };
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents to run instead of the four mechanisms (repeatable).", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed for data, initialisation, sampling and bootstrap.", DefaultValueFactory = _ => 1UL };
        var seeds = new Option<int>("--seeds") { Description = "Independent fits per mechanism on the same data, training seeds --seed, --seed + 1, ...: the tables give each slope's mean with a t-based 95% CI and the SD across them (JSON keeps every fit).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var threads = new Option<int>("--threads") { Description = "Mechanisms fitted in parallel (default: one per core); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars." };
        var plot = new Option<string?>("--plot") { Description = "Write linear_noise.png and .svg to this folder: ln sigma^2 against ln A_ii and against ln v_MF with the closed form, a column per mechanism." };

        var command = new Command("linear", "Analytic against simulated noise in the linear Gaussian model, for each mechanism.");
        foreach (Option o in new Option[] { synapses, samples, steps, lr, s, lambda, sigmaY, sigma0, rho, seed, seeds, json, threads, quiet, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1 (got {threadCount}).");
            }

            ulong sd = parse.GetValue(seed);
            int replicates = parse.GetValue(seeds);
            if (replicates is < 1 or > 1000)
            {
                throw new UsageException($"--seeds must be from 1 to 1000 (got {replicates}).");
            }

            if (sd > ulong.MaxValue - (2 * (ulong)replicates))
            {
                throw new UsageException($"--seed {sd} leaves no room for {replicates} seeds below 2^64.");
            }

            double sy = parse.GetValue(sigmaY);
            var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(
                Synapses: parse.GetValue(synapses), Samples: parse.GetValue(samples), SigmaY: sy, Seed: sd));
            LinearGaussianModel model = data.Model(sy);

            double[]? rhos = parse.GetValue(rho);
            var mechanisms = CliApp.Runs(rhos);

            // Fit j is mechanism j % count with training seed --seed + j / count (the data stay those of --seed).
            var runs = Enumerable.Range(0, replicates).SelectMany(k => mechanisms.Select(m => (m.Name, m.Rho, Seed: sd + (ulong)k))).ToList();

            var options = runs.Select(run => new StochasticLinearRegression.Options(
                Rho: run.Rho, S: parse.GetValue(s), Lambda: parse.GetValue(lambda), Steps: parse.GetValue(steps),
                LearningRate: parse.GetValue(lr), Seed: run.Seed)).ToArray();
            Array.ForEach(options, o => o.Validate()); // in run order, before the parallel fits: the first bad run is reported
            string? plotDir = parse.GetValue(plot);
            using OutputFolder? plotFolder = plotDir is null ? null : CliApp.PrepareOutputFolder(plotDir, "--plot"); // before the fits, not after them

            double priorSigma = parse.GetValue(sigma0);
            var results = new LinearExperiment.Row[runs.Count];
            void Fit(Action<int, double>? progress) =>
                Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, i =>
                    results[i] = LinearExperiment.Run(model, runs[i].Name, options[i], priorSigma, sd,
                        progress is null ? null : f => progress(i, f)));

            if (CliApp.ProgressConsole(parse.GetValue(quiet)) is { } console)
            {
                console.Progress()
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        var tasks = runs.Select(r => ctx.AddTask(Markup.Escape(replicates == 1 ? r.Name.PadRight(12) : $"{r.Name} seed {r.Seed}".PadRight(20)), maxValue: 1)).ToArray();
                        Fit((i, f) => tasks[i].Value = f);
                    });
            }
            else
            {
                Fit(null);
            }

            var rows = results.ToList();
            if (plotFolder is not null)
            {
                Figures.LinearFigure.Write(plotFolder.Path, rows[..mechanisms.Count]); // with --seeds, the first seed's fits
                plotFolder.Complete(parse);
            }

            if (replicates == 1)
            {
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(rows.Select(ToJson), JsonOutput.Options));
                }
                else
                {
                    PrintTable(rows, data, parse.GetValue(steps));
                }
            }
            else
            {
                // Per mechanism, its fits over the seeds (rows are seed-major).
                var groups = Enumerable.Range(0, mechanisms.Count).Select(m => Enumerable.Range(0, replicates).Select(k => rows[(k * mechanisms.Count) + m]).ToList()).ToList();
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["summary"] = groups.Select(ReplicatedJson).ToList(),
                        ["runs"] = rows.Select((r, j) => { var o = ToJson(r); o["seed"] = runs[j].Seed; return o; }).ToList(),
                    }, JsonOutput.Options));
                }
                else
                {
                    PrintReplicated(groups, data, parse.GetValue(steps), runs.Select(r => r.Seed).Distinct().ToArray());
                }
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static Dictionary<string, object> ToJson(LinearExperiment.Row row)
    {
        static Dictionary<string, object> Part(LinearExperiment.Comparison c) => new()
        {
            ["slope_importance"] = c.SlopeImportance,
            ["slope_importance_ci"] = new[] { c.SlopeImportanceCi.Low, c.SlopeImportanceCi.High },
            ["slope_mean_field"] = c.SlopeMeanField,
            ["slope_mean_field_ci"] = new[] { c.SlopeMeanFieldCi.Low, c.SlopeMeanFieldCi.High },
            ["median_relative_error"] = c.MedianRelativeError,
            ["max_relative_error"] = c.MaxRelativeError,
        };

        return new Dictionary<string, object>
        {
            ["mechanism"] = row.Mechanism,
            ["rho"] = row.Rho,
            ["analytic_slope_importance"] = row.AnalyticSlopeImportance,
            ["analytic_slope_mean_field"] = row.AnalyticSlopeMeanField,
            ["exact"] = Part(row.Exact),
            ["monte_carlo"] = Part(row.MonteCarlo),
            ["fitted"] = row.Fitted,
            ["unconstrained"] = row.Unconstrained,
        };
    }

    // The two estimators' tables, in print order.
    private static readonly (string Label, Func<LinearExperiment.Row, LinearExperiment.Comparison> Pick)[] Estimators =
        [("exact expected loss", r => r.Exact), ("Monte-Carlo (one weight sample per step)", r => r.MonteCarlo)];

    private static void PrintHeader(SyntheticLinearData data, int steps) => Console.Out.WriteLine(
        $"linear Gaussian model: d = {data.Design.ColumnCount} synapses, N = {data.Design.RowCount} samples, " +
        $"input rates {data.Rates.Min():G2}..{data.Rates.Max():G2}, {steps} Adam steps per fit");

    private static Dictionary<string, object> ReplicatedJson(List<LinearExperiment.Row> fits)
    {
        Dictionary<string, object?> Part(Func<LinearExperiment.Row, LinearExperiment.Comparison> pick)
        {
            Spread slope = Spread.Of([.. fits.Select(f => pick(f).SlopeImportance)]);
            return new Dictionary<string, object?>
            {
                ["slope_importance"] = JsonOutput.Of(slope),
                ["analytic_in_ci"] = slope.StandardDeviation == 0 ? null : slope.Contains(fits[0].AnalyticSlopeImportance),
                ["slope_mean_field"] = JsonOutput.Of(Spread.Of([.. fits.Select(f => pick(f).SlopeMeanField)])),
                ["median_relative_error"] = JsonOutput.Of(Spread.Of([.. fits.Select(f => pick(f).MedianRelativeError)])),
                ["max_relative_error"] = JsonOutput.Of(Spread.Of([.. fits.Select(f => pick(f).MaxRelativeError)])),
            };
        }

        return new Dictionary<string, object>
        {
            ["mechanism"] = fits[0].Mechanism,
            ["rho"] = fits[0].Rho,
            ["seeds"] = fits.Count,
            ["analytic_slope_importance"] = fits[0].AnalyticSlopeImportance,
            ["exact"] = Part(r => r.Exact),
            ["monte_carlo"] = Part(r => r.MonteCarlo),
        };
    }

    private static void PrintReplicated(List<List<LinearExperiment.Row>> groups, SyntheticLinearData data, int steps, ulong[] seeds)
    {
        PrintHeader(data, steps);
        Console.Out.WriteLine($"{seeds.Length} fits per mechanism on the same data (training seeds {seeds[0]}..{seeds[^1]}): mean, 95% CI of the mean = mean +- t(0.975, {seeds.Length - 1}) SD / sqrt({seeds.Length}), SD");
        foreach ((string label, Func<LinearExperiment.Row, LinearExperiment.Comparison> pick) in Estimators)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(label);
            var table = new TextTable("mechanism", "rho", "analytic", "slope", "95% CI (seeds)", "SD", "analytic in CI", "bootstrap +-", "median err", "max err");
            foreach (var fits in groups)
            {
                Spread slope = Spread.Of([.. fits.Select(f => pick(f).SlopeImportance)]);
                table.Add(fits[0].Mechanism, TextTable.Fixed(fits[0].Rho, 4), TextTable.Fixed(fits[0].AnalyticSlopeImportance, 4), TextTable.Fixed(slope.Mean, 4),
                    TextTable.Interval((slope.Low, slope.High), 4), TextTable.Fixed(slope.StandardDeviation, 4),
                    slope.StandardDeviation == 0 ? "n/a: SD 0" : slope.Contains(fits[0].AnalyticSlopeImportance) ? "yes" : "no",
                    TextTable.Fixed(fits.Average(f => (pick(f).SlopeImportanceCi.High - pick(f).SlopeImportanceCi.Low) / 2), 4),
                    TextTable.Percent(fits.Average(f => pick(f).MedianRelativeError)), TextTable.Percent(fits.Average(f => pick(f).MaxRelativeError)));
            }

            table.Write(Console.Out);
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine("bootstrap +-: mean half-width of the single fits' 95% bootstrap CIs (resampling synapses); err: means over the fits of |sigma/sigma* - 1|.");
        Console.Out.WriteLine("SD 0: every seed gave the same fit (the exact loss has no sampling), so there is no spread to test the closed form against.");
    }

    private static void PrintTable(List<LinearExperiment.Row> rows, SyntheticLinearData data, int steps)
    {
        PrintHeader(data, steps);
        Console.Out.WriteLine("slope = d ln sigma^2 / d ln A_ii; slope_vMF = d ln sigma^2 / d ln v_MF; err = |sigma/sigma* - 1|");
        foreach ((string label, Func<LinearExperiment.Row, LinearExperiment.Comparison> pick) in Estimators)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(label);
            var table = new TextTable("mechanism", "rho", "analytic", "slope", "95% CI", "median err", "max err", "analytic vMF", "slope_vMF", "95% CI");
            foreach (var row in rows)
            {
                var c = pick(row);
                table.Add(
                    row.Mechanism, TextTable.Fixed(row.Rho, 4), TextTable.Fixed(row.AnalyticSlopeImportance, 4),
                    TextTable.Fixed(c.SlopeImportance, 4), TextTable.Interval(c.SlopeImportanceCi, 4),
                    TextTable.Percent(c.MedianRelativeError), TextTable.Percent(c.MaxRelativeError),
                    TextTable.Fixed(row.AnalyticSlopeMeanField, 4), TextTable.Fixed(c.SlopeMeanField, 4),
                    TextTable.Interval(c.SlopeMeanFieldCi, 4));
            }

            table.Write(Console.Out);
        }

        int unconstrained = rows[0].Unconstrained;
        Console.Out.WriteLine();
        Console.Out.WriteLine($"fitted synapses: {rows[0].Fitted}; unconstrained (A_ii = 0, left out): {unconstrained}");
    }
}
