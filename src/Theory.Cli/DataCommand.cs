using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Theory.Experimental;
using Theory.Stats;

namespace Theory.Cli;

/// <summary>
/// <c>theory data</c>: the theories' predicted exponents against two published experimental data sets (the paper's
/// Figure 6; THEORY.md section 12): Ko et al. 2013's variability against input rate, and Sjöström et al. 2001's
/// plasticity against variability.
/// </summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var file = new Option<string[]>("--file")
        {
            Description = "Read these CSV files instead of the shipped data (repeatable); each is a Ko et al. table (columns mean, var, foopsi_mean) or a Sjöström table (Pr (before), Pr (after), q (mV, before), q (mV, after), w (before), w (after)), told apart by its header.",
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the bootstrap intervals.", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var plot = new Option<string?>("--plot") { Description = "Write data_ko2013 and data_sjostrom (.png and .svg) to this folder: each data set on log axes with the fitted line and the predicted exponents." };
        var command = new Command("data", "The theories' predicted exponents against published experimental data (Figure 6).");
        foreach (Option o in new Option[] { file, seed, json, plot })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            string[]? files = parse.GetValue(file);
            bool shipped = files is not { Length: > 0 };
            (KoData? ko, IReadOnlyList<(string Label, SjostromData Data)> sjostrom) = shipped ? ExperimentalData.ShippedSets() : ExperimentalData.Read(files!);
            string? plotDir = parse.GetValue(plot);
            using OutputFolder? plotFolder = plotDir is null ? null : CliApp.PrepareOutputFolder(plotDir, "--plot");

            ulong sd = parse.GetValue(seed);
            KoAnalysis? koResult = ko is null ? null : DataAnalysis.Ko(ko, sd);
            SjostromAnalysis? sjostromResult = sjostrom.Count == 0 ? null : DataAnalysis.Sjostrom(sjostrom, sd);
            if (plotFolder is not null)
            {
                if (koResult is not null)
                {
                    Figures.DataFigure.WriteKo(plotFolder.Path, koResult, shipped ? ExperimentalData.KoCredit : null);
                }

                if (sjostromResult is not null)
                {
                    Figures.DataFigure.WriteSjostrom(plotFolder.Path, sjostromResult, shipped ? ExperimentalData.SjostromCredit : null);
                }

                plotFolder.Complete(parse);
            }

            Console.Out.Write(parse.GetValue(json) ? Json(koResult, sjostromResult, shipped) + "\n" : Text(koResult, sjostromResult, shipped));
            return CliApp.Ok;
        }));
        return command;
    }

    private static string Text(KoAnalysis? ko, SjostromAnalysis? sjostrom, bool shipped)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        if (shipped)
        {
            w.WriteLine(ExperimentalData.Attribution);
        }

        if (ko is not null)
        {
            w.WriteLine();
            w.WriteLine($"Ko et al. 2013 ({Path.GetFileName(ko.Source)}, {ko.Variance.Count} connections): ln y against ln r, r the inferred presynaptic rate (foopsi_mean)");
            Fits(w, "y", [ko.NormalisedVariability, ko.Variance, ko.Mean]);
            w.WriteLine();
            var t = new TextTable("theory", "d ln sigma^2 / d ln r", "in var/mean CI", "in var CI");
            foreach (Prediction p in ko.Predictions)
            {
                t.Add(p.Theory, TextTable.Fixed(p.Exponent), YesNo(ko.NormalisedVariability.Contains(p.Exponent)), YesNo(ko.Variance.Contains(p.Exponent)));
            }

            t.Write(w);
            w.WriteLine(FormattableString.Invariant(
                $"var/mean has var's predicted slope only if the mean is unrelated to r (section 12). Here ln mean has slope {ko.Mean.Slope:F3} {TextTable.Interval(ko.Mean.Ci)}: ") +
                (ko.MeanUnrelatedToRate
                    ? "0 is inside its CI, so the data do not reject that condition"
                    : "0 is outside its CI, so the condition fails and var/mean's slope is not var's") +
                FormattableString.Invariant($"; var/mean's slope is var's minus mean's ({ko.Variance.Slope:F3} - {ko.Mean.Slope:F3})."));
            w.WriteLine("CIs: 95% percentile bootstrap over connections (2000 resamples); p: two-sided, from t with n - 2 degrees of freedom.");
        }

        if (sjostrom is not null)
        {
            w.WriteLine();
            w.WriteLine("Sjöström et al. 2001 via Schug et al. 2021: ln dw_rel against ln CV, CV = sqrt((1 - Pr)/Pr) before plasticity, dw_rel = |w after - w before| / w before");
            Fits(w, "set", sjostrom.Fits);
            w.WriteLine();
            var t = new TextTable(["theory", "d ln eta / d ln CV", .. sjostrom.Fits.Select(f => $"in {f.Label} CI")]);
            foreach (Prediction p in sjostrom.Predictions)
            {
                t.Add([p.Theory, TextTable.Fixed(p.Exponent), .. sjostrom.Fits.Select(f => YesNo(f.Contains(p.Exponent)))]);
            }

            t.Write(w);
            w.WriteLine(DataAnalysis.LearningRateCaveat);
            w.WriteLine("CIs: 95% percentile bootstrap over recordings (2000 resamples).");
        }

        return w.ToString();
    }

    private static void Fits(StringWriter w, string what, IEnumerable<LogLogFit> fits)
    {
        var t = new TextTable(what, "n", "slope", "95% CI", "intercept", "Pearson r", "p", "Spearman", "p");
        foreach (LogLogFit f in fits)
        {
            t.Add(f.Label, f.Count.ToString(CultureInfo.InvariantCulture), TextTable.Fixed(f.Slope), TextTable.Interval(f.Ci), TextTable.Fixed(f.Intercept),
                TextTable.Fixed(f.Pearson.R), PValue(f.Pearson.P), TextTable.Fixed(f.Spearman.R), PValue(f.Spearman.P));
        }

        t.Write(w);
    }

    private static string YesNo(bool inside) => inside ? "yes" : "no";

    internal static string PValue(double p) => p.ToString(p < 1e-3 ? "0.0E+0" : "0.0000", CultureInfo.InvariantCulture);

    private static string Json(KoAnalysis? ko, SjostromAnalysis? sjostrom, bool shipped)
    {
        static Dictionary<string, object> Fit(LogLogFit f) => new()
        {
            ["y"] = f.Label,
            ["n"] = f.Count,
            ["slope"] = f.Slope,
            ["slope_ci"] = new[] { f.Ci.Low, f.Ci.High },
            ["intercept"] = f.Intercept,
            ["pearson_r"] = f.Pearson.R,
            ["pearson_p"] = f.Pearson.P,
            ["spearman_r"] = f.Spearman.R,
            ["spearman_p"] = f.Spearman.P,
        };

        static Dictionary<string, object>[] Predictions(IEnumerable<Prediction> predictions, IReadOnlyList<LogLogFit> fits) =>
        [
            .. predictions.Select(p => new Dictionary<string, object>
            {
                ["theory"] = p.Theory,
                ["exponent"] = p.Exponent,
                ["inside_ci"] = fits.ToDictionary(f => f.Label, f => f.Contains(p.Exponent)),
            }),
        ];

        var root = new Dictionary<string, object?>();
        if (shipped)
        {
            root["attribution"] = ExperimentalData.Attribution;
        }

        if (ko is not null)
        {
            root["ko2013"] = new Dictionary<string, object>
            {
                ["file"] = Path.GetFileName(ko.Source),
                ["x"] = "ln foopsi_mean",
                ["fits"] = new[] { Fit(ko.NormalisedVariability), Fit(ko.Variance), Fit(ko.Mean) },
                ["mean_unrelated_to_rate"] = ko.MeanUnrelatedToRate,
                ["predictions"] = Predictions(ko.Predictions, [ko.NormalisedVariability, ko.Variance]),
            };
        }

        if (sjostrom is not null)
        {
            root["sjostrom2001"] = new Dictionary<string, object>
            {
                ["x"] = "ln CV before plasticity, CV = sqrt((1 - Pr)/Pr)",
                ["y"] = "ln dw_rel",
                ["fits"] = sjostrom.Fits.Select(Fit).ToArray(),
                ["predictions"] = Predictions(sjostrom.Predictions, sjostrom.Fits),
                ["caveat"] = DataAnalysis.LearningRateCaveat,
            };
        }

        return JsonSerializer.Serialize(root, JsonOutput.Options);
    }
}
