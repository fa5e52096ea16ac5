using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Theory.Data;
using Theory.Plasticity;
using Theory.Sweeps;

namespace Theory.Cli;

/// <summary>
/// <c>theory plasticity</c>: infers a plasticity rule from recorded activity (THEORY.md section 13, Mehta et al.):
/// a teacher network under a known rule, a noisy partial recording, and the 27 coefficients of (13.2) fitted back.
/// </summary>
internal static class PlasticityCommand
{
    public static Command Create()
    {
        var rule = new Option<string>("--rule") { Description = "The teacher's rule: oja (x y - y^2 W), hebb (x y), or a CSV FILE with header term,theta and a row per non-zero term (021,-1).", DefaultValueFactory = _ => "oja" };
        var inputs = new Option<int>("--inputs") { Description = "Input units n.", DefaultValueFactory = _ => 10 };
        var outputs = new Option<int>("--outputs") { Description = "Output units m.", DefaultValueFactory = _ => 10 };
        var f = new Option<string>("--f") { Description = "Output nonlinearity: sigmoid or linear.", DefaultValueFactory = _ => "sigmoid" };
        var trajectories = new Option<int>("--trajectories") { Description = "Recorded trajectories.", DefaultValueFactory = _ => 50 };
        var steps = new Option<int>("--steps") { Description = "Steps per trajectory T.", DefaultValueFactory = _ => 100 };
        var eta = new Option<double?>("--eta") { Description = "Learning rate eta (default 1/inputs; only eta theta is identifiable)." };
        var input = new Option<string>("--input") { Description = "Inputs: gaussian (N(0, --input-sd^2) per unit and step) or odour (each step one of --odours sparse binary patterns).", DefaultValueFactory = _ => "gaussian" };
        var inputSd = new Option<double>("--input-sd") { Description = "SD of the Gaussian inputs (the authors' sweep: 0.1).", DefaultValueFactory = _ => 1.0 };
        var odours = new Option<int>("--odours") { Description = "Odour patterns.", DefaultValueFactory = _ => 10 };
        var firing = new Option<double>("--firing") { Description = "Probability that an input unit is on in an odour.", DefaultValueFactory = _ => 0.2 };
        var w0Sd = new Option<double?>("--w0-sd") { Description = "W_0 ~ N(0, sd^2) per weight (default 1/sqrt(inputs))." };
        var noise = new Option<double>("--noise") { Description = "Observation noise SD as a fraction of the SD of the teacher's outputs.", DefaultValueFactory = _ => 0.0 };
        var absoluteNoise = new Option<double?>("--absolute-noise") { Description = "Observation noise SD sigma_obs itself (instead of --noise)." };
        var observed = new Option<double>("--observed") { Description = "Fraction of output units observed, chosen at random (at least one).", DefaultValueFactory = _ => 1.0 };
        var optimizer = new Option<string>("--optimizer") { Description = "lm (Levenberg-Marquardt on the Jacobian of 13.5) or adam (the authors': lr --lr, one trajectory per step).", DefaultValueFactory = _ => "lm" };
        var iterations = new Option<int?>("--iterations") { Description = "LM iterations at most (default 100) or Adam epochs (default 50)." };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
        var l1 = new Option<double>("--l1") { Description = "L1 weight lambda_1 of (13.4) (Adam only).", DefaultValueFactory = _ => 0.0 };
        var terms = new Option<string>("--terms") { Description = "Terms the fit may use: all, MIN:MAX (degrees a+b+c; the authors' sweeps: 2:3), or a list 110,021.", DefaultValueFactory = _ => "all" };
        var seeds = new Option<int>("--seeds") { Description = "Independent data sets (seeds --seed, --seed+1, ...).", DefaultValueFactory = _ => 1 };
        var heldOut = new Option<int>("--held-out") { Description = "Fresh W_0 for the held-out R^2 (the authors: 5).", DefaultValueFactory = _ => 5 };
        var nullThreshold = new Option<double>("--null-threshold") { Description = "Name a direction near-null when its singular value of J is below this times the largest.", DefaultValueFactory = _ => 1e-4 };
        var sweep = new Option<bool>("--sweep") { Description = "Fit over a grid of --sweep-noise x --sweep-observed instead (one task per cell; --out keeps them, --shard splits them)." };
        var sweepNoise = new Option<double[]>("--sweep-noise") { Description = "The sweep's noise levels (default 0 1e-3 1e-2 1e-1 1).", AllowMultipleArgumentsPerToken = true };
        var sweepObserved = new Option<double[]>("--sweep-observed") { Description = "The sweep's observed fractions (default 1 0.36 0.13 0.05 0.02).", AllowMultipleArgumentsPerToken = true };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n of the sweep's cells (i/n)." };
        var force = new Option<bool>("--force") { Description = "Rerun sweep cells already in --out." };
        var threads = new Option<int>("--threads") { Description = "Trajectories evaluated in parallel (never changes a number).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first data set.", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var output = new Option<string?>("--out") { Description = "Write plasticity.txt/json, theta.csv, loss.csv and singular_values.npy (or the sweep's tasks and sweep.csv) to this folder." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bars." };
        var plot = new Option<string?>("--plot") { Description = "Write plasticity.png and .svg (fitted against true coefficients, theta_110 and theta_021 over the fit, teacher against fitted activity) or plasticity_sweep (the heat map) to this folder." };

        var command = new Command("plasticity", "Infers a plasticity rule from activity: fits the 27 coefficients of THEORY.md (13.2) to a teacher's noisy, partial recording (section 13).");
        foreach (Option o in new Option[] { rule, inputs, outputs, f, trajectories, steps, eta, input, inputSd, odours, firing, w0Sd, noise, absoluteNoise, observed, optimizer, iterations, lr, l1, terms,
            seeds, heldOut, nullThreshold, sweep, sweepNoise, sweepObserved, shard, force, threads, seed, json, output, quiet, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            PlasticitySettings settings = Settings(parse, rule, inputs, outputs, f, trajectories, steps, eta, input, inputSd, odours, firing, w0Sd, noise, absoluteNoise, observed,
                optimizer, iterations, lr, l1, terms, seeds, heldOut, nullThreshold, threads, seed);
            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? folder = folders.Out, plotFolder = folders.Plot;
            string? plotPath = folders.PlotPath(plotDir);
            IAnsiConsole? console = CliApp.ProgressConsole(parse.GetValue(quiet));

            if (parse.GetValue(sweep))
            {
                double[] noises = parse.GetValue(sweepNoise) is { Length: > 0 } sn ? sn : [0, 1e-3, 1e-2, 1e-1, 1];
                double[] fractions = parse.GetValue(sweepObserved) is { Length: > 0 } so ? so : [1, 0.36, 0.13, 0.05, 0.02];
                if (noises.Any(v => !(v >= 0 && double.IsFinite(v))) || fractions.Any(v => !(v > 0 && v <= 1)))
                {
                    throw new UsageException("--sweep-noise values must be 0 or more and --sweep-observed values above 0 and at most 1.");
                }

                Shard part = parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.All;
                PlasticitySweep.Cell?[] cells = null!;
                void RunSweep(Action<int, int>? progress) => cells = PlasticitySweep.Run(settings, noises, fractions, folder?.Path, part, parse.GetValue(force), progress);
                if (console is not null)
                {
                    console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .Start(ctx =>
                        {
                            ProgressTask bar = ctx.AddTask($"sweep cells ({noises.Length} x {fractions.Length})", maxValue: noises.Length * fractions.Length);
                            RunSweep((done, _) => bar.Value = done);
                        });
                }
                else
                {
                    RunSweep(null);
                }

                string sweepText = SweepText(settings, noises, fractions, cells);
                Console.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(cells, JsonOutput.Options) + "\n" : sweepText);
                if (plotPath is not null)
                {
                    Figures.PlasticityFigure.WriteSweep(plotPath, noises, fractions, cells);
                    plotFolder?.Complete(parse);
                }

                if (folder is not null)
                {
                    CliApp.WriteAtomically(Path.Combine(folder.Path, "sweep.txt"), w => w.Write(sweepText));
                    CliApp.WriteAtomically(Path.Combine(folder.Path, "sweep.csv"), w =>
                    {
                        w.WriteLine("noise,observed,observed_units,r2_weights,r2_activity,r2_weight_changes,coefficient_error,condition_number,confound,seconds");
                        foreach (PlasticitySweep.Cell c in cells.OfType<PlasticitySweep.Cell>())
                        {
                            w.WriteLine(string.Join(',', CliApp.Number(c.Noise), CliApp.Number(c.Observed), c.ObservedUnits, CliApp.Number(c.R2Weights), CliApp.Number(c.R2Activity), CliApp.Number(c.R2Changes),
                                CliApp.Number(c.CoefficientError), CliApp.Number(c.ConditionNumber), "\"" + c.Confound + "\"", CliApp.Number(c.Seconds)));
                        }
                    });
                    folder.Complete(parse);
                }

                return cells.Any(c => c is null) && part == Shard.All ? CliApp.Failure : CliApp.Ok;
            }

            PlasticityResult result = null!;
            if (console is not null)
            {
                console.Progress().Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask[] bars = [.. Enumerable.Range(0, settings.Seeds).Select(k => ctx.AddTask($"fit, seed {settings.Recording.Seed + (ulong)k}", maxValue: 1))];
                        result = PlasticityExperiment.Run(settings, (k, fraction, loss) =>
                        {
                            bars[k].Value = fraction;
                            bars[k].Description = FormattableString.Invariant($"fit, seed {settings.Recording.Seed + (ulong)k}, loss {loss:G3}");
                        });
                    });
            }
            else
            {
                result = PlasticityExperiment.Run(settings);
            }

            string text = Text(settings, result);
            string jsonText = Json(settings, result);
            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : text);
            if (plotPath is not null)
            {
                Figures.PlasticityFigure.Write(plotPath, settings, result);
                plotFolder?.Complete(parse);
            }

            if (folder is not null)
            {
                CliApp.WriteAtomically(Path.Combine(folder.Path, "plasticity.txt"), w => w.Write(text));
                CliApp.WriteAtomically(Path.Combine(folder.Path, "plasticity.json"), w => w.Write(jsonText + "\n"));
                CliApp.WriteAtomically(Path.Combine(folder.Path, "theta.csv"), w =>
                {
                    w.WriteLine("term,monomial,true,seed,fitted,local_se");
                    foreach (PlasticitySeed s in result.Seeds)
                    {
                        for (int k = 0; k < PlasticityRule.Terms; k++)
                        {
                            w.WriteLine($"{PlasticityRule.Label(k)},{PlasticityRule.Monomial(k)},{CliApp.Number(settings.Truth[k])},{s.Seed},{CliApp.Number(s.Fit.Theta[k])},{CliApp.Number(s.StandardErrors[k])}");
                        }
                    }
                });
                CliApp.WriteAtomically(Path.Combine(folder.Path, "loss.csv"), w =>
                {
                    w.WriteLine("seed,iteration,loss");
                    foreach (PlasticitySeed s in result.Seeds)
                    {
                        for (int i = 0; i < s.Fit.Loss.Length; i++)
                        {
                            w.WriteLine($"{s.Seed},{i},{CliApp.Number(s.Fit.Loss[i])}");
                        }
                    }
                });
                NpyWriter.Write(Path.Combine(folder.Path, "singular_values.npy"), result.SingularValues, result.SingularValues.Length);
                folder.Complete(parse);
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static PlasticitySettings Settings(ParseResult parse, Option<string> rule, Option<int> inputs, Option<int> outputs, Option<string> f, Option<int> trajectories, Option<int> steps,
        Option<double?> eta, Option<string> input, Option<double> inputSd, Option<int> odours, Option<double> firing, Option<double?> w0Sd, Option<double> noise, Option<double?> absoluteNoise,
        Option<double> observed, Option<string> optimizer, Option<int?> iterations, Option<double> lr, Option<double> l1, Option<string> terms, Option<int> seeds, Option<int> heldOut,
        Option<double> nullThreshold, Option<int> threads, Option<ulong> seed)
    {
        int n = parse.GetValue(inputs), m = parse.GetValue(outputs), k = parse.GetValue(trajectories), t = parse.GetValue(steps);
        if (n is < 1 or > 5000 || m is < 1 or > 5000 || (long)n * m > 1_000_000)
        {
            throw new UsageException($"--inputs and --outputs must be from 1 to 5000 with at most 1e6 synapses (got {n} x {m}).");
        }

        if (k is < 1 or > 100_000 || t is < 1 or > 100_000)
        {
            throw new UsageException($"--trajectories and --steps must be from 1 to 100000 (got {k} and {t}).");
        }

        Activation activation = parse.GetValue(f) switch
        {
            "sigmoid" => Activation.Sigmoid,
            "linear" => Activation.Linear,
            var other => throw new UsageException($"--f must be sigmoid or linear (got '{Guard.Quote(other ?? string.Empty)}')."),
        };
        string ruleName = parse.GetValue(rule) ?? "oja";
        double[] truth;
        if (ruleName == "oja")
        {
            truth = PlasticityRule.Oja();
        }
        else if (ruleName == "hebb")
        {
            truth = PlasticityRule.Hebb();
        }
        else
        {
            if (!File.Exists(ruleName))
            {
                throw new UsageException($"--rule must be oja, hebb or a rule file; no file '{Guard.Quote(ruleName)}'.");
            }

            try
            {
                truth = PlasticityRule.Parse(File.ReadAllText(ruleName), ruleName);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }

        double rate = parse.GetValue(eta) ?? (1.0 / n);
        if (!(rate > 0 && rate <= 1e3))
        {
            throw new UsageException($"--eta must be above 0 and at most 1000 (got {CliApp.Number(rate)}).");
        }

        string kind = parse.GetValue(input) ?? "gaussian";
        if (kind is not ("gaussian" or "odour"))
        {
            throw new UsageException($"--input must be gaussian or odour (got '{Guard.Quote(kind)}').");
        }

        double sd = parse.GetValue(inputSd), fire = parse.GetValue(firing), w0 = parse.GetValue(w0Sd) ?? (1 / Math.Sqrt(n));
        int patterns = parse.GetValue(odours);
        if (!(sd > 0 && double.IsFinite(sd)) || !(fire > 0 && fire <= 1) || patterns is < 1 or > 1_000_000 || !(w0 >= 0 && double.IsFinite(w0)))
        {
            throw new UsageException("--input-sd must be above 0, --firing in (0, 1], --odours from 1 to 1e6 and --w0-sd 0 or more.");
        }

        double relative = parse.GetValue(noise);
        double? absolute = parse.GetValue(absoluteNoise);
        if (!(relative >= 0 && double.IsFinite(relative)) || absolute is { } a && !(a >= 0 && double.IsFinite(a)))
        {
            throw new UsageException($"--noise and --absolute-noise must be 0 or more (got {CliApp.Number(relative)}{(absolute is { } x ? " and " + CliApp.Number(x) : string.Empty)}).");
        }

        if (absolute is not null && parse.GetResult(noise) is { Implicit: false })
        {
            throw new UsageException("give --noise or --absolute-noise, not both.");
        }

        double fraction = parse.GetValue(observed);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new UsageException($"--observed must be above 0 and at most 1 (got {CliApp.Number(fraction)}).");
        }

        string method = parse.GetValue(optimizer) ?? "lm";
        if (method is not ("lm" or "adam"))
        {
            throw new UsageException($"--optimizer must be lm or adam (got '{Guard.Quote(method)}').");
        }

        double penalty = parse.GetValue(l1);
        if (!(penalty >= 0 && double.IsFinite(penalty)))
        {
            throw new UsageException($"--l1 must be 0 or more (got {CliApp.Number(penalty)}).");
        }

        if (penalty > 0 && method == "lm")
        {
            throw new UsageException("--l1 needs --optimizer adam: Levenberg-Marquardt fits the least-squares loss only.");
        }

        int[] free;
        try
        {
            free = PlasticityRule.ParseTerms(parse.GetValue(terms) ?? "all");
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        int iters = parse.GetValue(iterations) ?? (method == "lm" ? 100 : 50);
        int seedCount = parse.GetValue(seeds), starts = parse.GetValue(heldOut);
        double learningRate = parse.GetValue(lr), threshold = parse.GetValue(nullThreshold);
        if (iters is < 1 or > 1_000_000 || seedCount is < 1 or > 1000 || starts is < 1 or > 1000 || !(learningRate > 0 && learningRate <= 10) || !(threshold > 0 && threshold < 1))
        {
            throw new UsageException("--iterations must be from 1 to 1e6, --seeds and --held-out from 1 to 1000, --lr in (0, 10] and --null-threshold in (0, 1).");
        }

        var recording = new RecordingOptions(k, t, kind, sd, patterns, fire, w0, relative, absolute, fraction, parse.GetValue(seed));
        return new PlasticitySettings(n, m, activation, rate, truth, recording, new FitOptions(method, free, penalty, iters, learningRate, Math.Max(1, parse.GetValue(threads))),
            seedCount, starts, threshold);
    }

    private static string Describe(PlasticitySettings s)
    {
        RecordingOptions r = s.Recording;
        string inputs = r.InputKind == "odour" ? FormattableString.Invariant($"{r.Odours} odours (firing {r.Firing:G3})") : FormattableString.Invariant($"x ~ N(0, {r.InputSd:G3}^2)");
        string noise = r.AbsoluteNoise is { } a ? FormattableString.Invariant($"sigma_obs {a:G3}") : FormattableString.Invariant($"noise {r.Noise:G3} x SD(y*)");
        return FormattableString.Invariant($"{s.Inputs} -> {s.Outputs} {s.Activation.ToString().ToLowerInvariant()}, eta {s.Eta:G4}, {r.Trajectories} trajectories x {r.Steps} steps, {inputs}, W_0 ~ N(0, {r.InitialWeightSd:G3}^2), {noise}, observed {r.Observed:G3}");
    }

    private static string Text(PlasticitySettings settings, PlasticityResult result)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        PlasticitySeed first = result.Seeds[0];
        FitOptions fit = settings.Fit;
        w.WriteLine($"plasticity: {Describe(settings)}; {first.ObservedUnits} of {settings.Outputs} units observed, sigma_obs {G(first.NoiseSd)} (SD(y*) {G(first.OutputSd)})");
        w.WriteLine(FormattableString.Invariant($"fit: {(fit.Optimizer == "lm" ? "Levenberg-Marquardt" : $"Adam, lr {fit.LearningRate:G3}, L1 {fit.L1:G3}")} over {fit.Free.Length} free terms; {result.Seeds.Length} seed(s) from {settings.Recording.Seed}"));
        w.WriteLine();
        bool many = result.Seeds.Length > 1;
        var table = new TextTable("term", "monomial", "true", many ? "fitted (mean)" : "fitted", "SD over seeds", "local SE", "|fitted - true|");
        for (int k = 0; k < PlasticityRule.Terms; k++)
        {
            bool isFree = fit.Free.Contains(k);
            double[] values = [.. result.Seeds.Select(s => s.Fit.Theta[k])];
            double mean = values.Average();
            double sd = many ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : double.NaN;
            table.Add(PlasticityRule.Label(k), PlasticityRule.Monomial(k), TextTable.Fixed(settings.Truth[k], 4), isFree ? E(mean) : "fixed 0", isFree && many ? E(sd) : string.Empty,
                isFree ? E(result.Seeds.Average(s => s.StandardErrors[k])) : string.Empty, E(Math.Abs(mean - settings.Truth[k])));
        }

        table.Write(w);
        w.WriteLine();
        var scores = new TextTable("seed", "held-out R^2 weights", "held-out R^2 activity", "R^2 weight changes", "max |fitted - true|", "loss start", "loss end", "iterations", "converged", "seconds");
        foreach (PlasticitySeed s in result.Seeds)
        {
            scores.Add(s.Seed.ToString(CultureInfo.InvariantCulture), R2(s.R2Weights), R2(s.R2Activity), R2(s.R2Changes), E(s.CoefficientError(settings.Truth)), E(s.Fit.Loss[0]), E(s.Fit.Loss[^1]),
                s.Fit.Iterations.ToString(CultureInfo.InvariantCulture), s.Fit.Converged ? "yes" : "no", TextTable.Fixed(s.Seconds, 2));
        }

        scores.Write(w);
        w.WriteLine($"held-out R^2: the fitted rule against the true one from {settings.HeldOut} fresh W_0 and inputs (the authors' score; 'diverged' where the fitted rule's weights blow up);");
        w.WriteLine("R^2 weight changes: the same for W_t - W_0, whose variance the shared W_0 does not inflate");
        w.WriteLine();
        w.WriteLine($"identifiability (first seed): singular values of J over the free terms, largest first; condition number {G(result.ConditionNumber)}");
        w.WriteLine("  " + string.Join(' ', result.SingularValues.Select(G)));
        if (result.Null.Length == 0)
        {
            w.WriteLine($"  no near-null direction (every singular value above {G(settings.NullThreshold)} x the largest)");
        }
        else
        {
            w.WriteLine($"  near-null directions (singular value below {G(settings.NullThreshold)} x the largest): the data fix theta only up to multiples of");
            foreach (NullDirection d in result.Null)
            {
                w.WriteLine($"  {G(d.Relative)} x largest: {PlasticityFit.Describe(d, fit.Free)}");
            }
        }

        return sb.ToString();
    }

    private static string Json(PlasticitySettings settings, PlasticityResult result) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["inputs"] = settings.Inputs,
        ["outputs"] = settings.Outputs,
        ["f"] = settings.Activation.ToString().ToLowerInvariant(),
        ["eta"] = settings.Eta,
        ["trajectories"] = settings.Recording.Trajectories,
        ["steps"] = settings.Recording.Steps,
        ["input"] = settings.Recording.InputKind,
        ["noise"] = settings.Recording.Noise,
        ["absolute_noise"] = settings.Recording.AbsoluteNoise,
        ["observed"] = settings.Recording.Observed,
        ["optimizer"] = settings.Fit.Optimizer,
        ["free_terms"] = settings.Fit.Free.Select(PlasticityRule.Label).ToList(),
        ["terms"] = Enumerable.Range(0, PlasticityRule.Terms).Select(k => new Dictionary<string, object?>
        {
            ["term"] = PlasticityRule.Label(k),
            ["monomial"] = PlasticityRule.Monomial(k),
            ["true"] = settings.Truth[k],
            ["fitted"] = result.Seeds.Select(s => s.Fit.Theta[k]).ToList(),
            ["local_se"] = result.Seeds.Select(s => s.StandardErrors[k]).ToList(),
        }).ToList(),
        ["seeds"] = result.Seeds.Select(s => new Dictionary<string, object?>
        {
            ["seed"] = s.Seed,
            ["r2_weights"] = s.R2Weights,
            ["r2_activity"] = s.R2Activity,
            ["r2_weight_changes"] = s.R2Changes,
            ["coefficient_error"] = s.CoefficientError(settings.Truth),
            ["noise_sd"] = s.NoiseSd,
            ["output_sd"] = s.OutputSd,
            ["observed_units"] = s.ObservedUnits,
            ["loss"] = s.Fit.Loss,
            ["iterations"] = s.Fit.Iterations,
            ["converged"] = s.Fit.Converged,
            ["seconds"] = s.Seconds,
        }).ToList(),
        ["singular_values"] = result.SingularValues,
        ["condition_number"] = result.ConditionNumber,
        ["near_null"] = result.Null.Select(d => new Dictionary<string, object?>
        {
            ["relative"] = d.Relative,
            ["combination"] = settings.Fit.Free.Select((k, q) => (k, q)).ToDictionary(x => PlasticityRule.Label(x.k), x => d.Combination[x.q]),
            ["text"] = PlasticityFit.Describe(d, settings.Fit.Free),
        }).ToList(),
    }, JsonOutput.Options);

    private static string SweepText(PlasticitySettings settings, double[] noises, double[] fractions, PlasticitySweep.Cell?[] cells)
    {
        var sb = new StringBuilder();
        using var w = new StringWriter(sb, CultureInfo.InvariantCulture);
        w.WriteLine($"plasticity sweep: {Describe(settings)}; {settings.Seeds} seed(s) per cell, medians over seeds");
        foreach ((string title, Func<PlasticitySweep.Cell, string> cell) in new (string, Func<PlasticitySweep.Cell, string>)[]
        {
            ("held-out R^2 of the weights", c => R2(c.R2Weights)),
            ("held-out R^2 of the activity", c => R2(c.R2Activity)),
            ("held-out R^2 of the weight changes W_t - W_0 (the shared W_0 does not inflate it)", c => R2(c.R2Changes)),
            ("max |fitted - true| over the coefficients", c => E(c.CoefficientError)),
            ("condition number of J (first seed)", c => G(c.ConditionNumber)),
        })
        {
            w.WriteLine();
            w.WriteLine(title + " (rows: noise / SD(y*); columns: observed fraction)");
            var table = new TextTable(["noise", .. fractions.Select(v => G(v))]);
            for (int a = 0; a < noises.Length; a++)
            {
                table.Add([G(noises[a]), .. Enumerable.Range(0, fractions.Length).Select(b => cells[(a * fractions.Length) + b] is { } c ? cell(c) : "not run")]);
            }

            table.Write(w);
        }

        w.WriteLine();
        w.WriteLine("weakest direction of J per cell (first seed), where one is near-null:");
        foreach (PlasticitySweep.Cell c in cells.OfType<PlasticitySweep.Cell>().Where(c => c.Confound.Length > 0))
        {
            w.WriteLine($"  noise {G(c.Noise)}, observed {G(c.Observed)} ({c.ObservedUnits} units): {c.Confound}");
        }

        if (cells.Any(c => c is null))
        {
            w.WriteLine($"{cells.Count(c => c is null)} cells not run (other shards): rerun without --shard, or after every shard, to fill them from the task files");
        }

        return sb.ToString();
    }

    private static string R2(double v) => double.IsNaN(v) ? "diverged" : v.ToString(v > 0.999 ? "0.000000" : "0.0000", CultureInfo.InvariantCulture);

    private static string G(double v) => !double.IsFinite(v) ? (double.IsPositiveInfinity(v) ? "inf" : "n/a") : v.ToString("G3", CultureInfo.InvariantCulture);

    private static string E(double v) => !double.IsFinite(v) ? (double.IsPositiveInfinity(v) ? "inf" : "n/a") : v.ToString("0.000E+0", CultureInfo.InvariantCulture);
}
