using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Data;
using Theory.Pruning;

namespace Theory.Cli;

/// <summary>
/// <c>theory prune</c>: noise probes a recurrent network's structure (THEORY.md section 14, Moore and Chaudhuri): the
/// Lyapunov covariance, the local pruning rule against |W| and uniform sampling, and eps against n.
/// </summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Units n (the notebooks: 2000).", DefaultValueFactory = _ => 2000 };
        var structure = new Option<string>("--structure") { Description = "clusters (the notebooks'), random (Erdos-Renyi), or a FILE holding W (.npy, or text: one row per line, commas or spaces).", DefaultValueFactory = _ => "clusters" };
        var clusters = new Option<int[]>("--clusters") { Description = "Cluster sizes, as proportions of n (default 1000,200,800 as the notebooks).", AllowMultipleArgumentsPerToken = true };
        var density = new Option<double>("--density") { Description = "Connection probability within a cluster (random: between any two units).", DefaultValueFactory = _ => 0.6 };
        var weightMean = new Option<double>("--weight-mean") { Description = "Mean of the weights' normal distribution.", DefaultValueFactory = _ => 1.0 };
        var weightSd = new Option<double>("--weight-sd") { Description = "Standard deviation of the weights.", DefaultValueFactory = _ => 1.0 };
        var longRange = new Option<double>("--long-range") { Description = "Long-range edges between clusters per unit (the notebooks: 5000 at n = 2000, so 2.5).", DefaultValueFactory = _ => 2.5 };
        var lambdaMax = new Option<double?>("--lambda-max") { Description = "Scale W so that its largest eigenvalue (real part) is this, in the leak form (the notebooks: 1/1.1; a FILE is scaled only when given)." };
        var symmetric = new Option<bool>("--symmetric") { Description = "Symmetric W, synapses pruned in pairs (--symmetric false for directed ones; a FILE is symmetric when it equals its transpose).", DefaultValueFactory = _ => true };
        var form = new Option<string>("--form") { Description = "leak: A = -I + W (the notebooks); laplacian: A = W - diag(sum_j |W_ij|) - leak I, the form of (14.6) and of the spectral claim.", DefaultValueFactory = _ => "leak" };
        var leak = new Option<double>("--leak") { Description = "The Laplacian form's extra leak (0: -A is exactly the signed Laplacian).", DefaultValueFactory = _ => 0.0 };
        var keep = new Option<double[]>("--keep") { Description = "Kept fraction of the synapses (repeatable for a grid; the notebooks: 0.2 at n = 2000).", AllowMultipleArgumentsPerToken = true };
        var repeats = new Option<int>("--repeats") { Description = "Independent prunings per method whose spectra are compared: the table gives their mean and 95% CI.", DefaultValueFactory = _ => 5 };
        var draws = new Option<int>("--draws") { Description = "Prunings per method for the unbiasedness check (14.5).", DefaultValueFactory = _ => 20 };
        var noRescale = new Option<bool>("--no-rescale") { Description = "Keep a synapse's weight as it is instead of dividing it by p_ij (the authors' latest notebook; biased)." };
        var dt = new Option<double>("--dt") { Description = "Euler-Maruyama step (the notebooks: 5e-3).", DefaultValueFactory = _ => 5e-3 };
        var steps = new Option<int>("--steps") { Description = "Steps of the response run, from x = 0 with a random input and noise.", DefaultValueFactory = _ => 4000 };
        var noise = new Option<double>("--noise") { Description = "Noise amplitude of the response run (the notebooks: 0.01).", DefaultValueFactory = _ => 0.01 };
        var checkTime = new Option<double>("--check-time") { Description = "Length (time units) of the unit-noise simulation that checks an asymmetric A's Lyapunov covariance; 0 skips it.", DefaultValueFactory = _ => 100.0 };
        var sweepN = new Option<int[]>("--sweep-n") { Description = "Also prune networks of these sizes to K = q n ln n synapses (q from --keep at the largest size): eps against n.", AllowMultipleArgumentsPerToken = true };
        var managed = new Option<bool>("--managed") { Description = "Use MathNet's managed linear algebra instead of LAPACK (slower; for checking)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the network, the prunings, the input and the noise.", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Write prune.txt/json, the eigenvalues (.npy), the response errors and the sweep (CSV) to this folder." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars." };
        var plot = new Option<string?>("--plot") { Description = "Write prune.png and .svg to this folder: pruned against full eigenvalues per method, the response error over time, eps against n." };

        var command = new Command("prune", "Noise probes network structure: the Lyapunov covariance, the local pruning rule against |W| and uniform sampling, eps against n (THEORY.md section 14).");
        foreach (Option o in new Option[] { n, structure, clusters, density, weightMean, weightSd, longRange, lambdaMax, symmetric, form, leak, keep, repeats, draws, noRescale, dt, steps, noise, checkTime, sweepN, managed, seed, json, output, quiet, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            double[] keeps = parse.GetValue(keep) is { Length: > 0 } k ? k : [0.2];
            foreach (double f in keeps)
            {
                if (!(f > 0 && f <= 1))
                {
                    throw new UsageException($"--keep must be above 0 and at most 1 (got {CliApp.Number(f)}).");
                }
            }

            if (keeps.Distinct().Count() != keeps.Length)
            {
                throw new UsageException("--keep gives the same fraction twice.");
            }

            string structureName = parse.GetValue(structure) ?? "clusters";
            NetworkForm networkForm = parse.GetValue(form) switch
            {
                "leak" => NetworkForm.Leak,
                "laplacian" => NetworkForm.Laplacian,
                var other => throw new UsageException($"--form must be leak or laplacian (got '{Guard.Quote(other ?? string.Empty)}')."),
            };
            double leakValue = parse.GetValue(leak);
            if (!(leakValue >= 0 && double.IsFinite(leakValue)))
            {
                throw new UsageException($"--leak must be 0 or more (got {CliApp.Number(leakValue)}).");
            }

            double densityValue = parse.GetValue(density), sd = parse.GetValue(weightSd), mean = parse.GetValue(weightMean), perUnit = parse.GetValue(longRange);
            if (!(densityValue > 0 && densityValue <= 1) || !(sd >= 0 && double.IsFinite(sd)) || !double.IsFinite(mean) || !(perUnit >= 0 && double.IsFinite(perUnit)))
            {
                throw new UsageException("--density must be in (0, 1], --weight-sd and --long-range 0 or more, --weight-mean finite.");
            }

            double? lambda = parse.GetValue(lambdaMax);
            if (lambda is { } l && !(l > 0 && double.IsFinite(l)))
            {
                throw new UsageException($"--lambda-max must be above 0 (got {CliApp.Number(l)}).");
            }

            int size = parse.GetValue(n);
            int[] sizes = parse.GetValue(clusters) is { Length: > 0 } c ? c : [1000, 200, 800];
            if (sizes.Any(s => s < 1))
            {
                throw new UsageException("--clusters sizes must be at least 1.");
            }

            double[]? fileWeights = null;
            bool generated = structureName is "clusters" or "random";
            if (!generated)
            {
                (fileWeights, size) = MatrixFile.ReadSquare(structureName);
            }

            if (generated && size is < 4 or > 20_000)
            {
                throw new UsageException($"--n must be from 4 to 20000 (got {size}).");
            }

            int[] sweep = parse.GetValue(sweepN) ?? [];
            if (sweep.Any(s => s is < 4 or > 20_000) || sweep.Distinct().Count() != sweep.Length)
            {
                throw new UsageException("--sweep-n sizes must be from 4 to 20000, each once.");
            }

            if (!generated && sweep.Length > 0)
            {
                throw new UsageException("--sweep-n builds networks of each size, so it needs --structure clusters or random, not a FILE.");
            }

            CheckMemory(Math.Max(size, sweep.DefaultIfEmpty(0).Max()));
            double step = parse.GetValue(dt), noiseValue = parse.GetValue(noise), check = parse.GetValue(checkTime);
            int stepCount = parse.GetValue(steps), drawCount = parse.GetValue(draws), repeatCount = parse.GetValue(repeats);
            if (repeatCount is < 1 or > 1000)
            {
                throw new UsageException($"--repeats must be from 1 to 1000 (got {repeatCount}).");
            }

            if (!(step > 0 && step <= 1) || stepCount is < 10 or > 10_000_000 || !(noiseValue >= 0 && double.IsFinite(noiseValue)) || !(check >= 0 && check <= 1e6) || drawCount is < 2 or > 100_000)
            {
                throw new UsageException("--dt must be in (0, 1], --steps from 10 to 1e7, --noise 0 or more, --check-time from 0 to 1e6, --draws from 2 to 1e5.");
            }

            bool native = !parse.GetValue(managed);
            var spec = new NetworkSpec(generated ? structureName : "file", [.. sizes.Select(s => (double)s)], densityValue, mean, sd, perUnit,
                generated ? lambda ?? NetworkSpec.AuthorsLambdaMax : lambda, parse.GetValue(symmetric), networkForm, leakValue, fileWeights);
            if (generated && structureName == "clusters" && sizes.Length > size)
            {
                throw new UsageException($"--clusters gives {sizes.Length} clusters for n = {size}.");
            }

            var options = new PruneExperiment.Options(keeps, drawCount, !parse.GetValue(noRescale), step, stepCount, noiseValue, check, parse.GetValue(seed), native, repeatCount);
            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? folder = folders.Out, plotFolder = folders.Plot;

            RecurrentNetwork network = null!;
            PruneExperiment.Result result = null!;
            PruneSweep.Row[] sweepRows = [];
            void Work(Action<string, double>? progress)
            {
                progress?.Invoke("network", 0);
                network = spec.Build(size, options.Seed, native);
                progress?.Invoke("network", 1);
                result = PruneExperiment.Run(network, options, progress);
                if (sweep.Length > 0)
                {
                    int largest = sweep.Max();
                    RecurrentNetwork atLargest = largest == network.N && generated ? network : spec.Build(largest, options.Seed, native);
                    double q = PruneSweep.PerNLnN(atLargest.Synapses, largest, keeps[0]);
                    sweepRows = PruneSweep.Run(spec, [.. sweep.Order()], q, options.Rescale, options.Seed, native, (i, f) => progress?.Invoke($"sweep n = {sweep.Order().ElementAt(i)}", f));
                }
            }

            if (CliApp.ProgressConsole(parse.GetValue(quiet)) is { } console)
            {
                console.Progress()
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var bars = new Dictionary<string, ProgressTask>();
                        Work((phase, f) =>
                        {
                            if (!bars.TryGetValue(phase, out ProgressTask? bar))
                            {
                                bars[phase] = bar = ctx.AddTask(phase, maxValue: 1);
                            }

                            bar.Value = f;
                        });
                    });
            }
            else
            {
                Work(null);
            }

            string text = Text(spec, options, result, sweepRows);
            string jsonText = Json(spec, options, result, sweepRows);
            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : text);
            if (plotDir is not null)
            {
                Figures.PruneFigure.Write(folders.PlotPath(plotDir)!, result, sweepRows);
                plotFolder?.Complete(parse);
            }

            if (folder is not null)
            {
                Write(folder.Path, text, jsonText, result, sweepRows);
                folder.Complete(parse);
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static void CheckMemory(int n)
    {
        long needed = PruneExperiment.BytesNeeded(n);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available * 0.8)
        {
            throw new UsageException(FormattableString.Invariant(
                $"n = {n} needs about {needed / 1e9:F1} GB ({PruneExperiment.MatricesAtPeak} dense {n} x {n} matrices); this machine offers {available / 1e9:F1} GB."));
        }
    }

    private static string Describe(NetworkSpec spec, RecurrentNetwork network)
    {
        string weights = FormattableString.Invariant($"weights N({spec.WeightMean:G4}, {spec.WeightSd:G4}^2)");
        string what = spec.Structure switch
        {
            "clusters" => FormattableString.Invariant($"clusters {string.Join('/', spec.ClusterSizes(network.N))} (density {spec.Density:G4}, {weights}, {Math.Round(spec.LongRangePerUnit * network.N)} long-range edges)"),
            "random" => FormattableString.Invariant($"random (density {spec.Density:G4}, {weights})"),
            _ => "W from the file",
        };
        string a = network.Form == NetworkForm.Leak
            ? "A = -I + W" + (spec.LambdaMax is { } l ? FormattableString.Invariant($", W scaled to lambda_max {l:G6}") : string.Empty)
            : FormattableString.Invariant($"A = W - diag(sum_j |W_ij|) - {network.Leak:G4} I (signed Laplacian{(network.Leak > 0 ? " plus leak" : string.Empty)})");
        return $"{what}; {(network.Symmetric ? "symmetric (synapses are pairs)" : "asymmetric (directed synapses)")}; {a}";
    }

    private static string Text(NetworkSpec spec, PruneExperiment.Options o, PruneExperiment.Result r, PruneSweep.Row[] sweep)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        RecurrentNetwork net = r.Network;
        w.WriteLine($"network: n = {net.N}, {Describe(spec, net)}; {net.Synapses} synapses; slowest eigenvalue of A {PruneExperiment.Format(r.SlowestEigenvalue)} (time constant {G(1 / -r.SlowestEigenvalue.Real)}); seed {o.Seed}");
        PruneExperiment.CovarianceCheck cov = r.Covariance;
        w.WriteLine($"covariance C (14.2) by {cov.Method}: residual ||A C + C A^T + I||_F / ||I||_F = {E(cov.Residual)}");
        string against = double.IsNaN(cov.CheckExpected)
            ? $"against {cov.CheckName}: ||C - it||_F / ||C||_F = {E(cov.CheckError)}"
            : $"against {cov.CheckName}: ||C_sim - C||_F / ||C||_F = {E(cov.CheckError)}; sampling alone predicts {E(cov.CheckExpected)} (batches' RMS error / sqrt 10)";
        w.WriteLine(against);
        string claim = net.Form == NetworkForm.Laplacian && net.Symmetric
            ? net.Leak == 0 ? "= n/2 for the exact signed Laplacian" : "<= n/2 with the extra leak"
            : "no claim outside the symmetric Laplacian form";
        w.WriteLine($"trace identity (14.6): sum over synapses |W_ij| d_ij = {G(cov.TraceSum)}; n/2 = {G(net.N / 2.0)} ({claim})");
        w.WriteLine($"rescaling: {(o.Rescale ? "kept synapses divided by p_ij" : "none (--no-rescale: the authors' latest notebook)")}; {(r.NativeUsed ? "LAPACK" : "managed MathNet")} linear algebra");
        foreach (PruneExperiment.KeepResult k in r.Keeps)
        {
            w.WriteLine();
            w.WriteLine($"keep {TextTable.Percent(k.Keep)} (target {k.Target} of {net.Synapses} synapses): eigenvalue errors |lambda_k(pruned) - lambda_k| / |lambda_k|, modes matched by rank;");
            w.WriteLine($"mean +- 95% CI half-width over {o.Repeats} independent prunings (kept, mu range and stable: the first pruning)");
            var table = new TextTable("method", "r", "E[kept]", "kept", "median", "95th pct", "worst", "slowest mode", "alignment", "eps", "mu range", "stable");
            foreach (PruneExperiment.MethodResult m in k.Methods)
            {
                SpectralCheck.Comparison s = m.Spectrum;
                table.Add(m.Method.Name(), G(m.Oversampling), TextTable.Fixed(m.ExpectedKept, 0), m.Kept.ToString(CultureInfo.InvariantCulture), Pm(m.Over(x => x.Median)),
                    Pm(m.Over(x => x.Percentile95)), Pm(m.Over(x => x.Worst)), Pm(m.Over(x => x.Slowest)), Pm(m.Over(x => x.Alignment)), Pm(m.Over(x => x.Epsilon)),
                    double.IsNaN(s.MuMin) ? "n/a" : $"[{TextTable.Fixed(s.MuMin, 3)}, {TextTable.Fixed(s.MuMax, 3)}]", m.Repeats.All(x => x.Stable) ? "yes" : $"NO ({m.Repeats.Count(x => !x.Stable)} of {m.Repeats.Length})");
            }

            table.Write(w);
            w.WriteLine($"unbiasedness (14.5) over {o.Draws} prunings: z = (mean pruned W_ij - W_ij) / its sampling SD");
            var unbiased = new TextTable("method", "mean z^2 (1)", "SE", "mass bias (0)", "SE", "||mean - W||_F / ||W||_F", "sampling predicts");
            foreach (PruneExperiment.MethodResult m in k.Methods)
            {
                PruneExperiment.Unbiasedness u = m.Unbiased;
                unbiased.Add(m.Method.Name(), TextTable.Fixed(u.MeanZSquared, 4), TextTable.Fixed(u.MeanZSquaredError, 4), E(u.MassBias), E(u.MassBiasError), E(u.RelativeFrobenius), E(u.ExpectedFrobenius));
            }

            unbiased.Write(w);
            int[] at = [(r.ResponseTimes.Length / 4) - 1, (r.ResponseTimes.Length / 2) - 1, r.ResponseTimes.Length - 1];
            w.WriteLine(FormattableString.Invariant($"response to the same input and noise (x(0) = 0, b ~ N(0, I), noise {o.Noise:G3}, dt {o.Dt:G3}): ||x_pruned(t) - x(t)|| / ||x(t)||"));
            var response = new TextTable(["method", .. at.Select(i => FormattableString.Invariant($"t = {r.ResponseTimes[i]:G4}")), "mean over t"]);
            foreach (PruneExperiment.MethodResult m in k.Methods)
            {
                response.Add([m.Method.Name(), .. at.Select(i => F(m.ResponseError[i])), F(m.ResponseError.Average())]);
            }

            response.Write(w);
            if (k.Methods.Any(m => m.ResponseError.Any(v => !double.IsFinite(v))))
            {
                w.WriteLine("n/a: that pruned network's Euler run diverged at this --dt (its spectrum is wider than the full network's); a smaller --dt runs it");
            }
        }

        if (sweep.Length > 0)
        {
            w.WriteLine();
            w.WriteLine(FormattableString.Invariant($"eps against n at K = q n ln n synapses (q = {sweep[^1].Target / (sweep[^1].N * Math.Log(sweep[^1].N)):G4}, from keep {TextTable.Percent(sweep[^1].KeptFraction)} at n = {sweep[^1].N}); one pruning per cell"));
            var table = new TextTable(["n", "synapses", "K", "kept", .. PruneExperiment.Methods.Select(m => "eps " + m.Name()), .. PruneExperiment.Methods.Select(m => "median " + m.Name()),
                .. PruneExperiment.Methods.Select(m => "slowest " + m.Name())]);
            foreach (PruneSweep.Row row in sweep)
            {
                table.Add([row.N.ToString(CultureInfo.InvariantCulture), row.Synapses.ToString(CultureInfo.InvariantCulture), TextTable.Fixed(row.Target, 0), TextTable.Percent(row.KeptFraction),
                    .. row.Cells.Select(x => F(x.Epsilon)), .. row.Cells.Select(x => F(x.Median)), .. row.Cells.Select(x => F(x.Slowest))]);
            }

            table.Write(w);
        }

        return sb.ToString();
    }

    private static string Json(NetworkSpec spec, PruneExperiment.Options o, PruneExperiment.Result r, PruneSweep.Row[] sweep) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["n"] = r.Network.N,
        ["structure"] = spec.Structure,
        ["clusters"] = spec.Structure == "clusters" ? spec.ClusterSizes(r.Network.N) : null,
        ["symmetric"] = r.Network.Symmetric,
        ["form"] = r.Network.Form == NetworkForm.Leak ? "leak" : "laplacian",
        ["leak"] = r.Network.Leak,
        ["lambda_max"] = spec.LambdaMax,
        ["synapses"] = r.Network.Synapses,
        ["seed"] = o.Seed,
        ["rescale"] = o.Rescale,
        ["native_lapack"] = r.NativeUsed,
        ["slowest_eigenvalue"] = new[] { r.SlowestEigenvalue.Real, r.SlowestEigenvalue.Imaginary },
        ["covariance"] = new Dictionary<string, object?>
        {
            ["method"] = r.Covariance.Method,
            ["residual"] = r.Covariance.Residual,
            ["check"] = r.Covariance.CheckName,
            ["check_error"] = r.Covariance.CheckError,
            ["check_expected"] = r.Covariance.CheckExpected,
            ["trace_sum"] = r.Covariance.TraceSum,
            ["half_n"] = r.Network.N / 2.0,
        },
        ["keep"] = r.Keeps.Select(k => new Dictionary<string, object?>
        {
            ["keep"] = k.Keep,
            ["target"] = k.Target,
            ["methods"] = k.Methods.Select(m => new Dictionary<string, object?>
            {
                ["method"] = m.Method.Name(),
                ["r"] = m.Oversampling,
                ["expected_kept"] = m.ExpectedKept,
                ["kept"] = m.Kept,
                ["repeats"] = m.Repeats.Length,
                ["eigenvalue_error_median"] = JsonOutput.Of(m.Over(x => x.Median)),
                ["eigenvalue_error_p95"] = JsonOutput.Of(m.Over(x => x.Percentile95)),
                ["eigenvalue_error_worst"] = JsonOutput.Of(m.Over(x => x.Worst)),
                ["slowest_mode_error"] = JsonOutput.Of(m.Over(x => x.Slowest)),
                ["slowest_mode_alignment"] = JsonOutput.Of(m.Over(x => x.Alignment)),
                ["eps"] = JsonOutput.Of(m.Over(x => x.Epsilon)),
                ["mu_min"] = m.Spectrum.MuMin,
                ["mu_max"] = m.Spectrum.MuMax,
                ["stable"] = m.Repeats.All(x => x.Stable),
                ["mean_z_squared"] = m.Unbiased.MeanZSquared,
                ["mean_z_squared_se"] = m.Unbiased.MeanZSquaredError,
                ["mass_bias"] = m.Unbiased.MassBias,
                ["mass_bias_se"] = m.Unbiased.MassBiasError,
                ["mean_relative_frobenius"] = m.Unbiased.RelativeFrobenius,
                ["mean_relative_frobenius_expected"] = m.Unbiased.ExpectedFrobenius,
                ["response_error"] = m.ResponseError,
            }).ToList(),
        }).ToList(),
        ["response_times"] = r.ResponseTimes,
        ["sweep_n"] = sweep.Select(row => new Dictionary<string, object?>
        {
            ["n"] = row.N,
            ["synapses"] = row.Synapses,
            ["target"] = row.Target,
            ["kept_fraction"] = row.KeptFraction,
            ["methods"] = row.Cells.Select(x => new Dictionary<string, object?> { ["method"] = x.Method.Name(), ["kept"] = x.Kept, ["eps"] = x.Epsilon, ["median"] = x.Median, ["slowest"] = x.Slowest }).ToList(),
        }).ToList(),
    }, JsonOutput.Options);

    private static void Write(string folder, string text, string json, PruneExperiment.Result r, PruneSweep.Row[] sweep)
    {
        CliApp.WriteAtomically(Path.Combine(folder, "prune.txt"), w => w.Write(text));
        CliApp.WriteAtomically(Path.Combine(folder, "prune.json"), w => w.Write(json + "\n"));
        NpyWriter.Write(Path.Combine(folder, "eigenvalues_full.npy"), Pairs(r.Eigenvalues), r.Eigenvalues.Length, 2);
        foreach (PruneExperiment.KeepResult k in r.Keeps)
        {
            string keep = Guard.Format(k.Keep);
            foreach (PruneExperiment.MethodResult m in k.Methods)
            {
                NpyWriter.Write(Path.Combine(folder, $"eigenvalues_{Slug(m.Method)}_keep{keep}.npy"), Pairs(m.Spectrum.Eigenvalues), m.Spectrum.Eigenvalues.Length, 2);
            }

            CliApp.WriteAtomically(Path.Combine(folder, $"response_keep{keep}.csv"), w =>
            {
                w.WriteLine("t," + string.Join(',', k.Methods.Select(m => Slug(m.Method))));
                for (int i = 0; i < r.ResponseTimes.Length; i++)
                {
                    w.WriteLine(CliApp.Number(r.ResponseTimes[i]) + "," + string.Join(',', k.Methods.Select(m => CliApp.Number(m.ResponseError[i]))));
                }
            });
        }

        if (sweep.Length > 0)
        {
            CliApp.WriteAtomically(Path.Combine(folder, "sweep_n.csv"), w =>
            {
                w.WriteLine("n,synapses,target,kept_fraction,method,kept,eps,median,slowest");
                foreach (PruneSweep.Row row in sweep)
                {
                    foreach (PruneSweep.Cell x in row.Cells)
                    {
                        w.WriteLine(string.Join(',', row.N, row.Synapses, CliApp.Number(row.Target), CliApp.Number(row.KeptFraction), Slug(x.Method), x.Kept,
                            CliApp.Number(x.Epsilon), CliApp.Number(x.Median), CliApp.Number(x.Slowest)));
                    }
                }
            });
        }
    }

    /// <summary>File-name form of a method: rule, weight, uniform.</summary>
    internal static string Slug(PruningMethod method) => method.ToString().ToLowerInvariant();

    private static double[] Pairs(Complex[] values) => [.. values.SelectMany(v => new[] { v.Real, v.Imaginary })];

    private static string Pm(Theory.Stats.Spread v) => !double.IsFinite(v.Mean) ? "n/a"
        : v.Count < 2 ? F(v.Mean) : $"{F(v.Mean)} +- {F(v.High - v.Mean)}";

    private static string G(double v) => !double.IsFinite(v) ? "n/a" : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string F(double v) => !double.IsFinite(v) ? "n/a" : v.ToString(Math.Abs(v) < 1e-3 && v != 0 ? "0.00E+0" : "0.0000", CultureInfo.InvariantCulture);

    private static string E(double v) => !double.IsFinite(v) ? "n/a" : v.ToString("0.000E+0", CultureInfo.InvariantCulture);
}
