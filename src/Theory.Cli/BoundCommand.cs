using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Theory.Analytic;
using Theory.Bound;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory bound</c>: checks the entropy bound of THEORY.md section 5 over a grid of (rho, s, sigma), or with
/// <c>--linear</c> compares -ELBO with its biological bound on a synthetic linear Gaussian problem.
/// </summary>
internal static class BoundCommand
{
    public static Command Create()
    {
        var defaults = new GapScan.Grid();
        Option<double> D(string name, double value, string what) => new(name) { Description = what, DefaultValueFactory = _ => value };
        Option<int> I(string name, int value, string what) => new(name) { Description = what, DefaultValueFactory = _ => value };
        var rhoMin = D("--rho-min", defaults.RhoMin, "Smallest rho.");
        var rhoMax = D("--rho-max", defaults.RhoMax, "Largest rho.");
        var rhoCount = I("--rho-count", defaults.RhoCount, "rho values (log-spaced).");
        var sMin = D("--s-min", defaults.SMin, "Smallest s.");
        var sMax = D("--s-max", defaults.SMax, "Largest s.");
        var sCount = I("--s-count", defaults.SCount, "s values (log-spaced).");
        var sigmaMin = D("--sigma-min", defaults.SigmaMin, "Smallest sigma.");
        var sigmaMax = D("--sigma-max", defaults.SigmaMax, "Largest sigma.");
        var sigmaCount = I("--sigma-count", defaults.SigmaCount, "sigma values (log-spaced).");
        var scalar = new Option<bool>("--scalar") { Description = "Use the scalar path instead of the vectorised one." };
        var linear = new Option<bool>("--linear") { Description = "Compare -ELBO with the biological bound on a synthetic linear Gaussian problem." };
        var synapses = I("--synapses", 200, "With --linear: synapses d.");
        var samples = I("--samples", 4000, "With --linear: data points N.");
        var sigma0 = D("--sigma0", 10, "With --linear: Gaussian prior standard deviation.");
        var kappa = D("--kappa", 0.01, "With --linear: L1 weight kappa; the Laplace prior has scale 1/kappa.");
        var s = D("--s", 1e-3, "With --linear: reliability scale s.");
        var lambda = D("--lambda", 1, "With --linear: reliability weight lambda for sigma*.");
        var seed = new Option<ulong>("--seed") { Description = "With --linear: data seed.", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var plot = new Option<string?>("--plot") { Description = "Write the figure to this folder (.png and .svg): bound_gap (ln g against ln(sigma/s) for several rho, and the scan's largest gap per rho) or, with --linear, bound_elbo (-ELBO against its bound per mechanism, and each synapse's gap)." };

        var command = new Command("bound", "Check that the biological reliability cost bounds the entropic cost (and -ELBO, with --linear).");
        foreach (Option o in new Option[] { rhoMin, rhoMax, rhoCount, sMin, sMax, sCount, sigmaMin, sigmaMax, sigmaCount, scalar, linear, synapses, samples, sigma0, kappa, s, lambda, seed, json, quiet, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            string? plotDir = parse.GetValue(plot);
            if (parse.GetValue(linear))
            {
                return Linear(parse.GetValue(synapses), parse.GetValue(samples), parse.GetValue(sigma0), parse.GetValue(kappa),
                    parse.GetValue(s), parse.GetValue(lambda), parse.GetValue(seed), parse.GetValue(json), plotDir, parse);
            }

            var grid = new GapScan.Grid(parse.GetValue(rhoMin), parse.GetValue(rhoMax), parse.GetValue(rhoCount),
                parse.GetValue(sMin), parse.GetValue(sMax), parse.GetValue(sCount),
                parse.GetValue(sigmaMin), parse.GetValue(sigmaMax), parse.GetValue(sigmaCount));
            grid.Validate();
            using OutputFolder? plotFolder = plotDir is null ? null : CliApp.PrepareOutputFolder(plotDir, "--plot");

            bool vectorised = !parse.GetValue(scalar);
            GapScan.Result result;
            if (grid.Points > 20_000_000 && CliApp.ProgressConsole(parse.GetValue(quiet)) is { } console)
            {
                GapScan.Result? r = null;
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask task = ctx.AddTask($"{grid.Points:N0} points", maxValue: 1);
                        r = GapScan.Run(grid, vectorised, f => task.Value = f);
                    });
                result = r!;
            }
            else
            {
                // Without a progress bar, a long scan still says once, after its first s, how long it will take.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                bool told = false;
                result = GapScan.Run(grid, vectorised, f =>
                {
                    double remaining = clock.Elapsed.TotalSeconds * (1 - f) / f;
                    if (!told && remaining > 60)
                    {
                        told = true;
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"theory: {grid.Points:N0} points; about {Duration(remaining)} to go at {f * grid.Points / clock.Elapsed.TotalSeconds / 1e6:F0} M points/s."));
                    }
                });
            }

            if (plotFolder is not null)
            {
                Figures.BoundFigure.WriteGap(plotFolder.Path, grid, result);
                plotFolder.Complete(parse);
            }

            Console.Out.Write(parse.GetValue(json) ? ScanJson(result) + "\n" : ScanText(result, grid));
            return result.Violations == 0 && result.MonotoneViolations == 0 ? CliApp.Ok : CliApp.Failure;
        }));
        return command;
    }

    private static string ScanText(GapScan.Result r, GapScan.Grid g)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"gap g = (1/rho)(s/sigma)^rho - 1/rho + ln(sigma/s) over rho [{g.RhoMin:G3}, {g.RhoMax:G3}] x {g.RhoCount}, " +
            $"s [{g.SMin:G3}, {g.SMax:G3}] x {g.SCount}, sigma [{g.SigmaMin:G3}, {g.SigmaMax:G3}] x {g.SigmaCount} (log-spaced)");
        w.WriteLine($"points checked:           {r.Points:N0}");
        w.WriteLine($"violations (g < 0 or NaN): {r.Violations:N0}");
        w.WriteLine($"minimum gap:              {r.MinGap:G6} at rho = {r.MinGapAt.Rho:G6}, s = {r.MinGapAt.S:G6}, sigma = {r.MinGapAt.Sigma:G6}");
        w.WriteLine($"points with g < 1e-12:    {r.TinyGapPoints:N0}; largest |sigma/s - 1| among them: {r.MaxRelativeDistanceAtTinyGap:G6}");
        w.WriteLine($"monotone in rho:          {(r.MonotoneViolations == 0 ? "yes, at every (s, sigma)" : $"NO: {r.MonotoneViolations:N0} decreases")}");
        w.WriteLine();
        var t = new TextTable("rho", "max gap over s, sigma", "ln(max gap)");
        int rows = Math.Min(12, r.Rhos.Length);
        for (int k = 0; k < rows; k++)
        {
            int i = rows == 1 ? 0 : (int)Math.Round((double)k * (r.Rhos.Length - 1) / (rows - 1));
            t.Add(r.Rhos[i].ToString("G4", CultureInfo.InvariantCulture), CliApp.Number(double.Parse(r.MaxGapPerRho[i].ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
                TextTable.Fixed(r.MaxLogGapPerRho[i]));
        }

        t.Write(w);
        w.WriteLine("The bound tightens as rho -> 0: the largest gap shrinks like rho (ln(s/sigma))^2 / 2. \"inf\": the true gap exceeds the double range; ln g is exact unless it does too (rho ln(s/sigma) past about 1.8e308), and is then inf (null in JSON).");
        return w.ToString();
    }

    private static string ScanJson(GapScan.Result r) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["points"] = r.Points,
        ["violations"] = r.Violations,
        ["min_gap"] = r.MinGap,
        ["min_gap_at"] = new Dictionary<string, double> { ["rho"] = r.MinGapAt.Rho, ["s"] = r.MinGapAt.S, ["sigma"] = r.MinGapAt.Sigma },
        ["tiny_gap_points"] = r.TinyGapPoints,
        ["max_relative_distance_at_tiny_gap"] = r.MaxRelativeDistanceAtTinyGap,
        ["monotone_violations"] = r.MonotoneViolations,
        ["rho"] = r.Rhos,
        ["max_log_gap"] = r.MaxLogGapPerRho,
    }, JsonOutput.Options);

    private static int Linear(int synapses, int samples, double sigma0, double kappa, double s, double lambda, ulong seed, bool json, string? plotDir, System.CommandLine.ParseResult parse)
    {
        Guard(kappa >= 1e-300 && kappa <= 1e300, $"--kappa must be from 1e-300 to 1e300, so that the Laplace scale 1/kappa is finite (got {Theory.Guard.Format(kappa)}).");
        using OutputFolder? plotFolder = plotDir is null ? null : CliApp.PrepareOutputFolder(plotDir, "--plot");

        var data = SyntheticLinearData.Generate(new SyntheticLinearData.Options(synapses, samples, Seed: seed));
        LinearGaussianModel model = data.Model(1.0);
        double[] mu = Posterior.Mean(model.Gram, model.Moment, model.SigmaY, sigma0);
        var rows = new List<LinearElboRow>();
        foreach (Mechanism m in Mechanisms.All)
        {
            double[] sigma = model.OptimalSigmas(m.Rho(), s, lambda);
            if (sigma.Any(double.IsInfinity))
            {
                throw new InvalidOperationException("a synapse is never active (A_ii = 0): its sigma* is unconstrained, so q is improper.");
            }

            rows.Add(new LinearElboRow(m.Name(), m.Rho(), s, sigma, LinearElbo.Terms(model, mu, sigma, sigma0, 1 / kappa, m.Rho(), s)));
        }

        if (plotFolder is not null)
        {
            Figures.BoundFigure.WriteElbo(plotFolder.Path, rows);
            plotFolder.Complete(parse);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new Dictionary<string, object>
            {
                ["mechanism"] = r.Mechanism,
                ["rho"] = r.Rho,
                ["negative_elbo"] = r.Terms.NegativeElbo,
                ["bound"] = r.Terms.Bound,
                ["gap"] = r.Terms.Gap,
                ["negative_elbo_laplace"] = r.Terms.NegativeElboLaplace,
                ["l1_shortcut_change"] = r.Terms.ShortcutChange,
                ["entropy"] = r.Terms.Entropy,
                ["biological_cost"] = r.Terms.BiologicalCost,
            }), JsonOutput.Options));
            return CliApp.Ok;
        }

        Console.Out.WriteLine($"linear Gaussian model, d = {synapses}, N = {samples}, seed {seed}; q = N(posterior mean, sigma*^2) per mechanism " +
            $"(s = {CliApp.Number(s)}, lambda = {CliApp.Number(lambda)}); Gaussian prior sigma_0 = {CliApp.Number(sigma0)}, Laplace scale 1/kappa = {CliApp.Number(1 / kappa)}");
        var t = new TextTable("mechanism", "rho", "-ELBO", "bound", "bound - (-ELBO)", "-H[q]", "bio cost + dK", "-ELBO Laplace", "L1-on-mu change");
        foreach (var r in rows)
        {
            t.Add(r.Mechanism, TextTable.Fixed(r.Rho, 4), TextTable.Fixed(r.Terms.NegativeElbo, 3), TextTable.Fixed(r.Terms.Bound, 3), TextTable.Fixed(r.Terms.Gap, 3),
                TextTable.Fixed(-r.Terms.Entropy, 3), TextTable.Fixed(r.Terms.BiologicalCost, 3), TextTable.Fixed(r.Terms.NegativeElboLaplace, 3),
                TextTable.Fixed(r.Terms.ShortcutChange, 4));
        }

        t.Write(Console.Out);
        Console.Out.WriteLine("L1-on-mu change: how much replacing E_q|w| by |mu| in the Laplace prior term lowers -ELBO (small when sigma << |mu|).");
        return rows.All(r => r.Terms.Gap >= 0) ? CliApp.Ok : CliApp.Failure;
    }

    internal static string Duration(double seconds) => seconds switch
    {
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} minutes"),
        < 2 * 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} hours"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:F0} days"),
    };

    private static void Guard(bool ok, string message)
    {
        if (!ok)
        {
            throw new UsageException(message);
        }
    }
}
