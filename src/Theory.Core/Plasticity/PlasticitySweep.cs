using System.Globalization;
using Theory.Sweeps;

namespace Theory.Plasticity;

/// <summary>
/// The robustness experiment: one setting fitted over a grid of observation noise x observed fraction, one task per
/// cell in the sweep store that <c>theory tradeoff</c> uses (a rerun skips finished cells; <c>--shard</c> splits them).
/// </summary>
public static class PlasticitySweep
{
    /// <summary>One cell's summary over its seeds.</summary>
    /// <param name="Noise">Observation noise relative to the output SD.</param>
    /// <param name="Observed">Observed fraction.</param>
    /// <param name="ObservedUnits">|M|.</param>
    /// <param name="R2Weights">Median held-out R^2 of the weights over seeds.</param>
    /// <param name="R2Activity">Median held-out R^2 of the activity.</param>
    /// <param name="R2Changes">Median held-out R^2 of the weight changes W_t - W_0.</param>
    /// <param name="CoefficientError">Median over seeds of max |fitted - true|.</param>
    /// <param name="ConditionNumber">J's condition number at the first seed.</param>
    /// <param name="Confound">The first seed's weakest near-null direction as terms, or empty.</param>
    /// <param name="Seconds">Mean fit time per seed.</param>
    /// <param name="Settings">Hash of the settings the cell ran with.</param>
    public sealed record Cell(double Noise, double Observed, int ObservedUnits, double R2Weights, double R2Activity, double R2Changes, double CoefficientError, double ConditionNumber,
        string Confound, double Seconds, string Settings);

    /// <summary>The task id of a cell: its grid position and a hash of the settings, so a changed setting reruns it.</summary>
    public static string Id(PlasticitySettings settings, double noise, double observed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return FormattableString.Invariant($"noise{noise:R}_observed{observed:R}_{TaskJson.Hash(Key(settings))}").Replace("E-", "e-", StringComparison.Ordinal);
    }

    /// <summary>Runs the cells this shard owns that the store lacks (every cell without a store); returns every cell present, in grid order (null for one not run).</summary>
    public static Cell?[] Run(PlasticitySettings settings, double[] noises, double[] observed, string? folder, Shard shard, bool force, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(noises);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(shard);
        TaskStore<Cell>? store = folder is null ? null : new TaskStore<Cell>(folder);
        store?.DeleteStaleTemporaryFiles();
        var cells = new Cell?[noises.Length * observed.Length];
        string hash = TaskJson.Hash(Key(settings));
        int done = 0;
        for (int a = 0; a < noises.Length; a++)
        {
            for (int b = 0; b < observed.Length; b++)
            {
                int index = (a * observed.Length) + b;
                string id = Id(settings, noises[a], observed[b]);
                Cell? existing = force ? null : store?.Read(id);
                if (existing is null && shard.Owns(index))
                {
                    PlasticitySettings cell = settings with { Recording = settings.Recording with { Noise = noises[a], AbsoluteNoise = null, Observed = observed[b] } };
                    PlasticityResult result = PlasticityExperiment.Run(cell);
                    existing = new Cell(noises[a], observed[b], result.Seeds[0].ObservedUnits,
                        PlasticityExperiment.Median(result.Seeds.Select(s => s.R2Weights)),
                        PlasticityExperiment.Median(result.Seeds.Select(s => s.R2Activity)),
                        PlasticityExperiment.Median(result.Seeds.Select(s => s.R2Changes)),
                        PlasticityExperiment.Median(result.Seeds.Select(s => s.CoefficientError(settings.Truth))),
                        result.ConditionNumber,
                        result.Null.Length == 0 ? string.Empty : PlasticityFit.Describe(result.Null[^1], result.Seeds[0].Fit.Free),
                        result.Seeds.Average(s => s.Seconds), hash);
                    store?.Write(id, existing);
                }

                cells[index] = existing;
                progress?.Invoke(++done, cells.Length);
            }
        }

        return cells;
    }

    // what a cell's result depends on, apart from its grid position
    private static object Key(PlasticitySettings s) => new
    {
        s.Inputs,
        s.Outputs,
        Activation = s.Activation.ToString(),
        s.Eta,
        Truth = string.Join(',', s.Truth.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        s.Recording.Trajectories,
        s.Recording.Steps,
        s.Recording.InputKind,
        s.Recording.InputSd,
        s.Recording.Odours,
        s.Recording.Firing,
        s.Recording.InitialWeightSd,
        s.Recording.Seed,
        s.Fit.Optimizer,
        Free = string.Join(',', s.Fit.Free),
        s.Fit.L1,
        s.Fit.Iterations,
        s.Fit.LearningRate,
        s.Seeds,
        s.HeldOut,
        s.NullThreshold,
    };
}
