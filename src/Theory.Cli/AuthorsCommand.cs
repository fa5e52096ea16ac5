using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Theory.Authors;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory authors</c>: the authors' own published numbers, from their result arrays shipped in data/authors (issue 30):
/// Figures 2-3 per rho and setting, and Figure 5 per layer, fitted here as <c>theory slopes</c> fits Theory's networks.
/// </summary>
internal static partial class AuthorsCommand
{
    public static Command Create()
    {
        var version = new Option<string>("--version") { Description = "Figure 2-3 arrays: v1 (commit 12ae864, the grid 10^(-3 + k/4), what the paper shows) or v2 (the current head; its grid 10^(-4 + k/4) is inferred, not recorded).", DefaultValueFactory = _ => "v1" };
        var rho = new Option<double[]>("--rho") { Description = "Only these of the arrays' exponents (0.5, 0.6667, 1.3333, 2; repeatable).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print JSON: tradeoff rows (rho, c, setting, accuracy_sampled, rms_sigma, ...) and figure5 rows (rho, layer, slope_fisher, ...)." };
        var plot = new Option<string?>("--plot") { Description = "Write authors_tradeoff (accuracy and ln RMS sigma against ln c per rho) and authors_figure5 (ln sigma^2 against ln Fisher per weight, per rho and layer, with the OLS line and the closed form's slope), each .png and .svg, to this folder." };
        var search = new Option<string?>("--search") { Description = "Search for the authors' setup (issue 30): train every candidate variant at their points rho 2 (c 0.1, 1, 10) and rho 1/2 (c 1, 10, 100), both settings, as theory tradeoff trains (784-100-100-10, published layout unless --hidden or --layout say otherwise), one task file per run in this folder (a rerun skips finished runs), and print the table of variants against the authors' twelve numbers." };
        var variants = new Option<string?>("--variants") { Description = $"With --search: only these variants, comma-separated (default all): {string.Join(", ", AuthorsSearch.Variants.Select(v => v.Name))}." };
        var shard = new Option<string?>("--shard") { Description = "With --search: run only shard i of n (i/n) of the search's runs; print the table with --merge once every shard is done." };
        var pointOption = new Option<string?>("--points") { Description = "With --search: only these of its points, RHO:C[:het|hom] comma-separated (such as 2:1:het); default all twelve." };
        var merge = new Option<bool>("--merge") { Description = "With --search: print the table from the folder's finished runs without training." };
        var trainer = new TrainerOptions();
        var command = new Command("authors", "The authors' published numbers for Figures 2, 3 and 5, from their own result arrays (data/authors, CC BY 4.0); --search: the search for the setup that made them.");
        Option[] searchOnly = [variants, pointOption, shard, merge, .. trainer.All];
        foreach (Option o in new Option[] { version, rho, json, plot, search }.Concat(searchOnly))
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            if (parse.GetValue(search) is { } folder)
            {
                if (new Option[] { version, rho, plot }.FirstOrDefault(Given) is { } other)
                {
                    throw new UsageException($"{other.Name} does not go with --search.");
                }

                return Search(parse, trainer, folder, parse.GetValue(variants), parse.GetValue(pointOption), parse.GetValue(shard), parse.GetValue(merge), parse.GetValue(json));
            }

            if (searchOnly.FirstOrDefault(Given) is { } searchOption)
            {
                throw new UsageException($"{searchOption.Name} goes only with --search.");
            }

            string v = parse.GetValue(version)?.ToLowerInvariant() ?? "v1";
            if (v is not ("v1" or "v2"))
            {
                throw new UsageException($"--version must be v1 or v2 (got '{parse.GetValue(version)}').");
            }

            double[] wanted = parse.GetValue(rho) ?? [];
            foreach (double r in wanted)
            {
                if (!AuthorsData.Rhos.Any(x => Math.Abs(x - r) < 1e-3))
                {
                    throw new UsageException($"--rho {r.ToString("G6", CultureInfo.InvariantCulture)} is not one of the arrays' exponents (0.5, 0.6667, 1.3333, 2).");
                }
            }

            bool Keep(double r) => wanted.Length == 0 || wanted.Any(x => Math.Abs(x - r) < 1e-3);
            List<AuthorsTradeoffPoint> points = [.. AuthorsData.Tradeoff(v).Where(p => Keep(p.Rho))];
            List<AuthorsLayerSummary> layers = [.. AuthorsFigure5.All().Where(l => Keep(l.Rho))];
            string? plotDir = parse.GetValue(plot);
            using OutputFolder? plotFolder = plotDir is null ? null : CliApp.PrepareOutputFolder(plotDir, "--plot");
            Console.Out.Write(parse.GetValue(json) ? Json(v, points, layers) + "\n" : Text(v, points, layers));
            if (plotFolder is not null)
            {
                Figures.AuthorsFigure.WriteTradeoff(plotFolder.Path, v, points);
                Figures.AuthorsFigure.WriteFigure5(plotFolder.Path, [.. AuthorsData.Rhos.Where(Keep)]);
                plotFolder.Complete(parse);
            }

            return CliApp.Ok;
        }));
        return command;
    }

    private static string Rho(double rho) => rho.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Text(string version, List<AuthorsTradeoffPoint> points, List<AuthorsLayerSummary> layers)
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        writer.WriteLine($"the authors' published arrays ({AuthorsData.Attribution})");
        writer.WriteLine();
        writer.WriteLine(version == "v1"
            ? "Figures 2-3, v1 (commit 12ae864, the paper's figures): c = 10^(-3 + k/4), recovered exactly from the homogeneous rel_arr"
            : "Figures 2-3, v2 (current head): c = 10^(-4 + k/4) is INFERRED (the grid is recorded nowhere): treat every c as uncertain");
        writer.WriteLine("784 -> 100 -> 100 -> 10, published layout, 50 epochs; accuracy with one weight sample per 20 test images; RMS sigma over the 89,400 weights");
        var table = new TextTable("rho", "setting", "c", "acc sampled", "RMS sigma", "NLL", "cost c sum sigma^-rho");
        foreach (AuthorsTradeoffPoint p in points)
        {
            table.Add(Rho(p.Rho), p.Setting == NoiseSetting.Heterogeneous ? "het" : "hom", p.C.ToString("G4", CultureInfo.InvariantCulture),
                TextTable.Percent(p.AccuracySampled), p.RmsSigma.ToString("G4", CultureInfo.InvariantCulture),
                TextTable.Fixed(p.NegativeLogLikelihood, 4), p.Cost.ToString("G4", CultureInfo.InvariantCulture));
        }

        table.Write(writer);
        writer.WriteLine();
        writer.WriteLine("Figure 5 (s = 1e-3, c = s^rho / rho, 50 epochs, then 10 epochs of gradient statistics): OLS of ln sigma^2 per weight on");
        writer.WriteLine("ln of their Fisher (the mean squared minibatch gradient), of their learning rate 1e-4 / mean |g|, and of the input rate");
        var fig5 = new TextTable("rho", "layer", "weights", "slope_fisher", "r", "predicted", "slope_lr", "r", "predicted", "slope_input_rate", "r", "excluded", "median sigma^2", "median Fisher");
        foreach (AuthorsLayerSummary l in layers)
        {
            fig5.Add(Rho(l.Rho), l.Layer.ToString(CultureInfo.InvariantCulture), l.Fisher.Count.ToString(CultureInfo.InvariantCulture),
                TextTable.Fixed(l.Fisher.Slope), TextTable.Fixed(l.Fisher.R), TextTable.Fixed(l.PredictedFisher),
                TextTable.Fixed(l.LearningRate.Slope), TextTable.Fixed(l.LearningRate.R), TextTable.Fixed(l.PredictedLearningRate),
                TextTable.Fixed(l.InputRate.Slope), TextTable.Fixed(l.InputRate.R), l.InputRate.Excluded.ToString(CultureInfo.InvariantCulture),
                l.MedianVariance.ToString("G4", CultureInfo.InvariantCulture), l.MedianFisher.ToString("G4", CultureInfo.InvariantCulture));
        }

        fig5.Write(writer);
        writer.WriteLine("excluded: weights whose input rate is not positive, left out of the input-rate fit");
        return text.ToString();
    }

    private static string Json(string version, List<AuthorsTradeoffPoint> points, List<AuthorsLayerSummary> layers) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["attribution"] = AuthorsData.Attribution,
        ["version"] = version,
        ["grid_inferred"] = version == "v2",
        ["tradeoff"] = points.Select(p => new Dictionary<string, object?>
        {
            ["rho"] = p.Rho, ["c"] = p.C, ["setting"] = p.Setting == NoiseSetting.Heterogeneous ? "heterogeneous" : "homogeneous",
            ["accuracy_sampled"] = p.AccuracySampled, ["rms_sigma"] = p.RmsSigma, ["negative_log_likelihood"] = p.NegativeLogLikelihood,
            ["cost"] = p.Cost, ["rel_arr"] = p.Stored,
        }),
        ["figure5"] = layers.Select(l => new Dictionary<string, object?>
        {
            ["rho"] = l.Rho, ["layer"] = l.Layer, ["weights"] = l.Fisher.Count,
            ["slope_fisher"] = l.Fisher.Slope, ["r_fisher"] = l.Fisher.R, ["predicted_slope_fisher"] = l.PredictedFisher,
            ["slope_learning_rate"] = l.LearningRate.Slope, ["r_learning_rate"] = l.LearningRate.R, ["predicted_slope_learning_rate"] = l.PredictedLearningRate,
            ["slope_input_rate"] = l.InputRate.Slope, ["r_input_rate"] = l.InputRate.R, ["input_rate_excluded"] = l.InputRate.Excluded,
            ["median_sigma2"] = l.MedianVariance, ["median_fisher"] = l.MedianFisher,
            ["quantile_levels"] = AuthorsFigure5.QuantileLevels, ["ln_sigma2_quantiles"] = l.VarianceQuantiles, ["ln_fisher_quantiles"] = l.FisherQuantiles,
        }),
    }, JsonOutput.Options);
}
