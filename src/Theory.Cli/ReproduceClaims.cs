using System.Globalization;
using System.Text.Json;

namespace Theory.Cli;

/// <summary>The size a claim runs at: reduced (under 10 minutes for every claim together) or the paper's settings.</summary>
internal enum Tier
{
    Quick,
    Paper,
}

/// <summary>What a claim's check decided.</summary>
internal enum Verdict
{
    Holds,
    HoldsInPart,
    DoesNotHold,
    NeedsFullSize,
    NotRun,
}

/// <summary>
/// One run of an existing subcommand that one or more claims are judged from: its arguments per tier (the subcommand
/// line that reruns it; <c>--json</c>, <c>--quiet</c> and <c>--plot</c> are added), and what the quick tier reduces.
/// </summary>
/// <param name="Id">Short id (the task file and the report's section anchor).</param>
/// <param name="Title">The section heading in the report.</param>
/// <param name="Arguments">The subcommand and its arguments for a tier and a number of seeds.</param>
/// <param name="Quiet">Whether the subcommand takes --quiet.</param>
/// <param name="TakesData">Whether the subcommand takes --data (the MNIST folder).</param>
/// <param name="QuickReduction">What the quick tier reduces, in a few words (null: the same in both tiers).</param>
/// <param name="QuickSeconds">About how long the quick run takes on a 2-core machine, for the progress bar.</param>
/// <param name="PaperSeconds">The same for the paper tier.</param>
/// <param name="Sweep">A sweep of its own (theory tradeoff): its tasks go to a folder of their own, <c>--shard</c> splits them across
/// every shard, and <c>--merge</c> joins them with the sweep's own merge.</param>
/// <param name="Authors">The authors' published numbers for this figure as Markdown (null: they published none).</param>
internal sealed record ClaimRun(string Id, string Title, Func<Tier, int, string[]> Arguments, bool Quiet, bool TakesData, string? QuickReduction, double QuickSeconds, double PaperSeconds,
    bool Sweep = false, Func<string>? Authors = null);

/// <summary>The values a claim's judge reads from its run's JSON, and the verdict its rule gives.</summary>
/// <param name="Measured">Theory's measured value (a mean across seeds where the claim is stochastic).</param>
/// <param name="Low">Its 95% CI's lower end, or null.</param>
/// <param name="High">Its 95% CI's upper end, or null.</param>
/// <param name="ClosedForm">The closed form's prediction, or null.</param>
/// <param name="Authors">The authors' published value (data/authors), or null.</param>
/// <param name="Verdict">What the rule decided.</param>
/// <param name="Detail">One line on what was compared.</param>
internal sealed record ClaimValues(double? Measured, double? Low, double? High, double? ClosedForm, double? Authors, Verdict Verdict, string Detail);

/// <summary>One claim of the paper (or of a seed paper): where it is, what it says, and how its run's JSON decides it.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Run">The <see cref="ClaimRun"/> it is judged from.</param>
/// <param name="Location">Figure, panel or appendix (seed papers by their own title).</param>
/// <param name="Statement">The claim in one sentence.</param>
/// <param name="PaperValue">The paper's value or statement.</param>
/// <param name="Rule">The rule that turns the measurement into a verdict, written out.</param>
/// <param name="NeedsFullSize">Whether the quick tier's reduced run cannot decide it (its verdict is then "needs full size").</param>
/// <param name="Judge">Reads the values from the run's JSON.</param>
internal sealed record ClaimDefinition(string Id, string Run, string Location, string Statement, string PaperValue, string Rule, bool NeedsFullSize, Func<JsonElement, ClaimValues> Judge);

/// <summary>Every claim the project checks, and the runs that decide them.</summary>
internal static class ReproduceClaims
{
    private const string CiRule = "holds: the 95% CI contains the closed form; in part: the mean is within 10% of it; else does not hold";

    private static readonly (string Name, double Rho)[] Mechanisms = [("calcium", 0.5), ("membrane", 2.0 / 3), ("actin", 4.0 / 3), ("trafficking", 2)];

    /// <summary>The runs, in the report's order.</summary>
    public static IReadOnlyList<ClaimRun> Runs { get; } =
    [
        new("bound", "The entropy bound (Appendix 4)", (_, _) => ["bound"], true, false, null, 2, 2),
        new("linear", "The linear Gaussian model (Appendix 2)", (_, _) => ["linear"], true, false, null, 3, 3),
        new("slopes", "Noise against importance, 784 -> 10 (Figure 4, Appendix 5)",
            (tier, seeds) => tier == Tier.Quick
                ? ["slopes", "--estimator", "local", "--lr", "1e-3", "--epochs", "30", "--train-limit", "10000", "--seeds", Seeds(seeds)]
                : ["slopes", "--estimator", "local", "--lr", "1e-3", "--epochs", "100", "--seeds", Seeds(seeds)],
            true, true, "10,000 training images, 30 epochs (15,000 steps; paper tier: 60,000 images, 100 epochs)", 60, 700),
        new("slopes-deep", "Noise against importance, 784 -> 100 -> 100 -> 10 (Figure 5)",
            (tier, _) => tier == Tier.Quick
                ? ["slopes", "--hidden", "100,100", "--layout", "published", "--train-limit", "5000", "--epochs", "60", "--lr", "1e-3", "--fisher-epochs", "2"]
                : ["slopes", "--hidden", "100,100", "--layout", "published"],
            true, true, "5,000 training images, 60 epochs at Adam lr 1e-3 (15,000 steps: sigma needs about lr x steps = 15 to settle, which the authors' 1e-4 reaches only in their 150,000 steps), 2 Fisher epochs, one seed (paper tier: the authors' 60,000 images, lr 1e-4, 50 + 10 epochs)", 60, 240,
            Authors: AuthorsFigure5Table),
        new("tradeoff", "Heterogeneous against homogeneous noise (Figures 2-3)",
            (tier, _) => tier == Tier.Quick
                ? ["tradeoff", "--train-limit", "10000", "--epochs", "30", "--lr", "1e-3", "--c", "1e-2:1e3:6"]
                : ["tradeoff", "--hidden", "100,100", "--layout", "published", "--c", "1e-3:1e4:29"],
            true, true, "784 -> 10 on 10,000 images, 30 epochs at Adam lr 1e-3 (15,000 steps), 6 c (paper tier: 784 -> 100 -> 100 -> 10 in the published layout, lr 1e-4, 50 epochs, the full 29-c grid, 232 runs)", 90, 11000, Sweep: true,
            Authors: AuthorsTradeoffTable),
        new("data", "Real synapses (Figure 6)", (_, _) => ["data"], false, false, null, 1, 1),
        new("posterior", "Energy-efficient noise against variational Bayes (Figure 7)",
            (tier, _) => tier == Tier.Quick ? ["posterior", "--train-limit", "10000", "--epochs", "30", "--lr", "1e-3"] : ["posterior"],
            true, true, "10,000 training images, 30 epochs at Adam lr 1e-3 (15,000 steps) (paper tier: the command's defaults, 60,000 images)", 120, 900),
        new("synapses", "Bayesian synapses and synaptic sampling (Aitchison et al. 2021; Kappel et al. 2015)", (_, _) => ["synapses"], true, false, null, 10, 10),
        new("plasticity", "Inferring a plasticity rule from activity (Mehta et al.)", (_, _) => ["plasticity"], true, false, null, 3, 3),
        new("prune", "Noise probes a network's structure (Moore and Chaudhuri 2020)",
            (tier, _) => tier == Tier.Quick ? ["prune", "--n", "500"] : ["prune"],
            true, false, "n = 500 units (paper tier: the authors' n = 2000)", 15, 120),
    ];

    /// <summary>Every claim, in the report's order.</summary>
    public static IReadOnlyList<ClaimDefinition> All { get; } = Build();

    private static string Seeds(int seeds) => seeds.ToString(CultureInfo.InvariantCulture);

    // The authors' Figure 5 fits per rho and layer (theory authors), for the report's Figure 5 section.
    private static string AuthorsFigure5Table()
    {
        var sb = new System.Text.StringBuilder("The authors' Figure 5 arrays (data/authors, CC BY 4.0), fitted as Theory fits its own: OLS slope of ln sigma^2 on ln of their Fisher.\n\n| rho | layer | weights | slope | r | closed form |\n|---|---|---|---|---|---|\n");
        foreach (Theory.Authors.AuthorsLayerSummary l in Theory.Authors.AuthorsFigure5.All())
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {l.Rho:0.###} | {l.Layer} | {l.Fisher.Count} | {l.Fisher.Slope:F3} | {l.Fisher.R:F3} | {l.PredictedFisher:F3} |\n");
        }

        return sb.ToString();
    }

    // The authors' Figure 2-3 numbers at the points the search for their setup compares (theory authors --search).
    private static string AuthorsTradeoffTable()
    {
        var sb = new System.Text.StringBuilder("The authors' Figure 2-3 arrays (v1, data/authors, CC BY 4.0) at six of their points: accuracy with sampled weights / RMS sigma over the weights. `theory authors --search` compares setups of Theory's against them.\n\n| rho | c | heterogeneous | homogeneous |\n|---|---|---|---|\n");
        foreach ((double rho, double c) in Theory.Authors.AuthorsSearch.Points)
        {
            string At(Theory.Training.NoiseSetting setting) => Theory.Authors.AuthorsData.At(rho, c, setting) is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{100 * p.AccuracySampled:F1}% / {p.RmsSigma:F3}") : string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"| {rho:0.###} | {c:G3} | {At(Theory.Training.NoiseSetting.Heterogeneous)} | {At(Theory.Training.NoiseSetting.Homogeneous)} |\n");
        }

        return sb.ToString();
    }

    private static List<ClaimDefinition> Build()
    {
        var claims = new List<ClaimDefinition>
        {
            new("entropy-bound", "bound", "Appendix 4",
                "The reliability cost bounds the information a synapse can carry: the entropy bound holds at every sampled (rho, s, sigma).",
                "holds for every rho > 0", "holds: no violation and no violation of monotonicity among the sampled points; else does not hold", false,
                json =>
                {
                    double violations = Number(json, "violations") + Number(json, "monotone_violations");
                    return new ClaimValues(violations, null, null, 0, null, violations == 0 ? Verdict.Holds : Verdict.DoesNotHold,
                        $"{Number(json, "points"):G} points, {Number(json, "violations"):G} violations, {Number(json, "monotone_violations"):G} of monotonicity");
                }),
        };

        foreach ((string name, double rho) in Mechanisms)
        {
            claims.Add(new($"linear-slope-{name}", "linear", "Appendix 2",
                $"In the linear Gaussian model the optimal noise falls with importance as ln sigma^2 = -2/(2+rho) ln h + const ({name}, rho {rho:0.###}).",
                $"slope {-2 / (2 + rho):0.###}", CiRule + " (the Monte-Carlo trained model's slope and bootstrap CI)", false,
                json => CiJudge(Row(json, name).GetProperty("monte_carlo"), "slope_importance", -2 / (2 + rho), null)));
        }

        foreach ((string name, double rho) in Mechanisms)
        {
            claims.Add(new($"fig4-slope-{name}", "slopes", "Figure 4; Appendix 5",
                $"In the 784 -> 10 classifier on MNIST, ln sigma^2 falls with ln of the Hessian's diagonal with slope -2/(2+rho) ({name}).",
                $"slope {-2 / (2 + rho):0.###}", CiRule + " (slope_H, mean and 95% CI across seeds)", true,
                json => CiJudge(Summary(json, name, 0).GetProperty("slope_hessian"), -2 / (2 + rho), null)));
        }

        for (int layer = 0; layer < 3; layer++)
        {
            int l = layer;
            claims.Add(new($"fig5-slope-layer{l}", "slopes-deep", "Figure 5",
                $"In the 784 -> 100 -> 100 -> 10 network, layer {l}'s ln sigma^2 falls with ln Fisher with slope -2/(2+rho) (calcium, rho 1/2).",
                "slope -0.8; the authors' arrays give their own", CiRule + " (slope_F and its bootstrap CI; the authors' slope from their arrays beside it)", true,
                json =>
                {
                    JsonElement row = Runs0(json, "calcium", l);
                    ClaimValues v = CiJudge(row, "slope_fisher", -0.8, Optional(row, "authors_slope_fisher"));
                    return v with { Detail = v.Detail + $"; authors' {Optional(row, "authors_slope_fisher"):F3}" };
                }));
        }

        foreach ((string name, double rho) in Mechanisms)
        {
            claims.Add(new($"fig2-heterogeneous-{name}", "tradeoff", "Figures 2-3",
                $"At the same reliability cost, a network with a noise level per synapse is more accurate than one with a single shared level ({name}).",
                "heterogeneous above homogeneous, by a wide margin where the cost bites",
                "holds: heterogeneous minus homogeneous accuracy at matched cost is above -1 point everywhere and above 1 point somewhere; in part: above 1 point somewhere; else does not hold", true,
                json => TradeoffJudge(json, rho)));
        }

        claims.Add(new("fig6-rate", "data", "Figure 6b (Ko et al. 2013)",
            "Normalised variability (var/mean) of real synapses falls with the presynaptic input rate, as the energy-efficient slope -2/(2+rho) predicts.",
            "negative slope, -0.8 to -0.5 (energy-efficient), -1 (static Bayesian)", "holds: the 95% CI is below 0 and contains the calcium prediction -0.8; in part: below 0; else does not hold", false,
            json =>
            {
                (JsonElement fit, double slope, double low, double high) = Fit(json.GetProperty("ko2013"), "var/mean");
                Verdict verdict = high < 0 && low <= -0.8 && -0.8 <= high ? Verdict.Holds : high < 0 ? Verdict.HoldsInPart : Verdict.DoesNotHold;
                return new ClaimValues(slope, low, high, -0.8, null, verdict, $"OLS of ln var/mean on ln rate over {Number(fit, "n"):G} synapses");
            }));
        claims.Add(new("fig6-learning-rate", "data", "Figure 6c (Sjöström et al. 2001)",
            "More variable real synapses change more under plasticity (a positive correlation of dw_rel with CV), as both theories predict.",
            "positive correlation", "holds: the pooled slope's 95% CI is above 0; else does not hold (the exponent itself is only a proxy: THEORY.md section 12)", false,
            json =>
            {
                (JsonElement fit, double slope, double low, double high) = Fit(json.GetProperty("sjostrom2001"), "pooled");
                return new ClaimValues(slope, low, high, null, null, low > 0 ? Verdict.Holds : Verdict.DoesNotHold,
                    $"ln dw_rel on ln CV, {Number(fit, "n"):G} pairs, Pearson r {Number(fit, "pearson_r"):F2}");
            }));

        foreach ((string name, double rho) in Mechanisms)
        {
            claims.Add(new($"fig7-below-one-{name}", "posterior", "Figure 7",
                $"Energy-efficient sigma^2 against the variational posterior's variance, weight by weight, has a log-log slope below 1 that rises towards 1 as lambda falls ({name}).",
                "slopes below 1, rising as lambda falls", "holds: every slope is below 1 and they rise as c falls; in part: one of the two; else does not hold", true,
                json => PosteriorJudge(json, name, 2 / (2 + rho))));
        }

        claims.Add(new("filter-static-rate", "synapses", "Aitchison et al. 2021 (Nat Neurosci)",
            "A static Bayesian synapse's variability falls with input rate with slope -1.", "slope -1", CiRule, false,
            json => CiJudge(Method(json, "Bayesian filter, static"), "slope_rate", -1, null)));
        claims.Add(new("filter-drift-rate", "synapses", "Aitchison et al. 2021 (Nat Neurosci)",
            "A drifting Bayesian synapse's variability falls with input rate with slope -1/2 in the steady state.", "slope -1/2", CiRule, false,
            json => CiJudge(Method(json, "Bayesian filter, drifting"), "slope_rate", -0.5, null)));
        claims.Add(new("sampling-posterior", "synapses", "Kappel et al. 2015 (PLoS Comput Biol)",
            "Synaptic sampling (Langevin dynamics at T = 1) samples the exact posterior: its marginal variances equal (P^-1)_ii.",
            "ratio 1 (bias about e/2 at step e)", "holds: the median ratio of the chain's variance to (P^-1)_ii is within 5% of 1; in part: within 20%; else does not hold", false,
            json =>
            {
                JsonElement row = json.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("method").GetString()!.StartsWith("Langevin", StringComparison.Ordinal));
                double ratio = Number(row.GetProperty("ratio"), "median");
                Verdict v = Math.Abs(ratio - 1) <= 0.05 ? Verdict.Holds : Math.Abs(ratio - 1) <= 0.2 ? Verdict.HoldsInPart : Verdict.DoesNotHold;
                return new ClaimValues(ratio, null, null, 1, null, v,
                    $"{row.GetProperty("method").GetString()}: the median ratio over the synapses (measured), from {Number(row.GetProperty("ratio"), "min"):F3} to {Number(row.GetProperty("ratio"), "max"):F3}");
            }));
        claims.Add(new("plasticity-oja", "plasticity", "Mehta et al. (plasticity-rule inference)",
            "Oja's rule is recovered from the recorded activity of a network that learns by it.", "recovered",
            "holds: every coefficient within 1e-6 of the truth and held-out R^2 of the weights at least 0.9999; in part: R^2 at least 0.99; else does not hold", false,
            json =>
            {
                JsonElement seed = json.GetProperty("seeds")[0];
                double error = Number(seed, "coefficient_error"), r2 = Number(seed, "r2_weights");
                Verdict v = error <= 1e-6 && r2 >= 0.9999 ? Verdict.Holds : r2 >= 0.99 ? Verdict.HoldsInPart : Verdict.DoesNotHold;
                return new ClaimValues(error, null, null, 0, null, v, $"largest coefficient error {error:G3}, held-out R^2 of the weights {r2:G6}");
            }));
        claims.Add(new("prune-unbiased", "prune", "Moore and Chaudhuri 2020",
            "Pruning by the local noise rule, with kept synapses divided by their probability, leaves the network unbiased: E[A_pruned] = A.",
            "unbiased", "holds: the mean z^2 of the noise rule is within 3 standard errors of 1; else does not hold", false,
            json =>
            {
                JsonElement rule = PruneMethod(json, "noise rule");
                double z2 = Number(rule, "mean_z_squared"), se = Number(rule, "mean_z_squared_se");
                return new ClaimValues(z2, z2 - (1.96 * se), z2 + (1.96 * se), 1, null, Math.Abs(z2 - 1) <= 3 * se ? Verdict.Holds : Verdict.DoesNotHold,
                    $"mean z^2 over the prunings, SE {se:G2}");
            }));
        claims.Add(new("prune-spectrum", "prune", "Moore and Chaudhuri 2020",
            "Pruning by the noise rule keeps the spectrum (hence every time constant) better than uniform pruning at the same number of synapses.",
            "eps smaller than uniform sampling's", "holds: the rule's eps CI lies below uniform sampling's; in part: its mean is below; else does not hold", false,
            json =>
            {
                JsonElement rule = PruneMethod(json, "noise rule").GetProperty("eps"), uniform = PruneMethod(json, "uniform").GetProperty("eps");
                (double m, double lo, double hi) = (Number(rule, "mean"), Ci(rule, "ci").Low, Ci(rule, "ci").High);
                double um = Number(uniform, "mean");
                Verdict v = hi < Ci(uniform, "ci").Low ? Verdict.Holds : m < um ? Verdict.HoldsInPart : Verdict.DoesNotHold;
                return new ClaimValues(m, lo, hi, null, null, v, $"eps = max |z^T L_p z / z^T L z - 1|; uniform sampling {um:F3}");
            }));
        return claims;
    }

    /// <summary>The verdict of a value with a CI against a closed form: in the CI, within 10%, or neither.</summary>
    public static ClaimValues CiJudge(double measured, double low, double high, double closedForm, double? authors, string detail)
    {
        Verdict verdict = !double.IsFinite(measured) ? Verdict.NotRun
            : low <= closedForm && closedForm <= high ? Verdict.Holds
            : Math.Abs(measured - closedForm) <= 0.1 * Math.Abs(closedForm) ? Verdict.HoldsInPart
            : Verdict.DoesNotHold;
        return new ClaimValues(measured, low, high, closedForm, authors, verdict, detail);
    }

    // {"mean", "ci": [lo, hi]} (a replicated summary) or a value with a sibling "NAME_ci".
    private static ClaimValues CiJudge(JsonElement summary, double closedForm, double? authors)
    {
        (double lo, double hi) = Ci(summary, "ci");
        int seeds = summary.TryGetProperty("values", out JsonElement values) && values.ValueKind == JsonValueKind.Array ? values.GetArrayLength() : 0;
        return CiJudge(Number(summary, "mean"), lo, hi, closedForm, authors, seeds > 0 ? $"mean and t-based 95% CI across {seeds} seeds" : "mean and t-based 95% CI across seeds");
    }

    private static ClaimValues CiJudge(JsonElement row, string name, double closedForm, double? authors)
    {
        (double lo, double hi) = Ci(row, name + "_ci");
        return CiJudge(Number(row, name), lo, hi, closedForm, authors, $"{name} with its bootstrap 95% CI");
    }

    private static ClaimValues TradeoffJudge(JsonElement json, double rho)
    {
        JsonElement summary = json.GetProperty("summary").EnumerateArray().First(s => Math.Abs(Number(s, "rho") - rho) < 1e-9);
        double[] gaps = [.. summary.GetProperty("matched").EnumerateArray()
            .Where(m => m.GetProperty("homogeneous").ValueKind == JsonValueKind.Number)
            .Select(m => 100 * (Number(m, "heterogeneous") - Number(m, "homogeneous")))];
        if (gaps.Length == 0)
        {
            return new ClaimValues(null, null, null, null, null, Verdict.NotRun, "not decided: no heterogeneous run lies within the homogeneous runs' range of reliability cost, so no accuracies can be matched");
        }

        Verdict v = gaps.Min() > -1 && gaps.Max() > 1 ? Verdict.Holds : gaps.Max() > 1 ? Verdict.HoldsInPart : Verdict.DoesNotHold;
        return new ClaimValues(gaps.Max(), null, null, null, null, v,
            $"heterogeneous minus homogeneous accuracy at matched cost, percentage points, at {gaps.Length} costs: largest {gaps.Max():F1} (measured), smallest {gaps.Min():F1}");
    }

    private static ClaimValues PosteriorJudge(JsonElement json, string mechanism, double closedForm)
    {
        JsonElement[] rows = [.. json.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("mechanism").GetString() == mechanism && Number(r, "layer") == 0).OrderBy(r => Number(r, "c"))];
        double[] slopes = [.. rows.Select(r => Number(r, "slope_vi"))];
        bool below = slopes.All(s => s < 1);
        bool rising = slopes.Zip(slopes.Skip(1)).All(p => p.First >= p.Second); // c ascending: the slope falls as c (lambda) grows
        Verdict v = below && rising ? Verdict.Holds : below || rising ? Verdict.HoldsInPart : Verdict.DoesNotHold;
        return new ClaimValues(slopes[0], null, null, closedForm, null, v,
            $"slope of ln sigma^2 on ln v_VI at c = {string.Join(", ", rows.Select(r => Number(r, "c").ToString("G3", CultureInfo.InvariantCulture)))}: {string.Join(", ", slopes.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} (measured: at the smallest c; the closed form 2/(2+rho) holds where H >> 1/sigma_0^2)");
    }

    private static JsonElement Row(JsonElement json, string mechanism) =>
        json.EnumerateArray().First(r => r.GetProperty("mechanism").GetString() == mechanism);

    private static JsonElement Summary(JsonElement json, string mechanism, int layer) =>
        json.GetProperty("summary").EnumerateArray().First(r => r.GetProperty("mechanism").GetString() == mechanism && Number(r, "layer") == layer);

    // A single-seed slopes run's rows (a JSON array), or a replicated run's "runs".
    private static JsonElement Runs0(JsonElement json, string mechanism, int layer) =>
        (json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("runs")).EnumerateArray()
            .First(r => r.GetProperty("mechanism").GetString() == mechanism && Number(r, "layer") == layer);

    private static JsonElement Method(JsonElement json, string method) =>
        json.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("method").GetString() == method);

    private static JsonElement PruneMethod(JsonElement json, string method) =>
        json.GetProperty("keep")[0].GetProperty("methods").EnumerateArray().First(m => m.GetProperty("method").GetString() == method);

    // theory data's log-log fit of one quantity, with its slope and the slope's bootstrap CI.
    private static (JsonElement Fit, double Slope, double Low, double High) Fit(JsonElement data, string y)
    {
        JsonElement fit = data.GetProperty("fits").EnumerateArray().First(f => f.GetProperty("y").GetString() == y);
        (double low, double high) = Ci(fit, "slope_ci");
        return (fit, Number(fit, "slope"), low, high);
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private static double? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static (double Low, double High) Ci(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            && v[0].ValueKind == JsonValueKind.Number && v[1].ValueKind == JsonValueKind.Number
            ? (v[0].GetDouble(), v[1].GetDouble())
            : (double.NaN, double.NaN);
}
