using System.Diagnostics;

namespace Theory.Plasticity;

/// <summary>Everything <c>theory plasticity</c> runs for one setting.</summary>
/// <param name="Inputs">n.</param>
/// <param name="Outputs">m.</param>
/// <param name="Activation">f.</param>
/// <param name="Eta">eta.</param>
/// <param name="Truth">The teacher's 27 coefficients.</param>
/// <param name="Recording">How the data are made (its seed is the first seed's).</param>
/// <param name="Fit">How the rule is fitted.</param>
/// <param name="Seeds">Independent data sets (seeds Recording.Seed, +1, ...).</param>
/// <param name="HeldOut">Fresh W_0 for the held-out R^2.</param>
/// <param name="NullThreshold">A singular value of J below this times the largest names a near-null direction.</param>
public sealed record PlasticitySettings(int Inputs, int Outputs, Activation Activation, double Eta, double[] Truth, RecordingOptions Recording, FitOptions Fit,
    int Seeds, int HeldOut, double NullThreshold);

/// <summary>One seed's fit.</summary>
/// <param name="Seed">Its data seed.</param>
/// <param name="Fit">The fit.</param>
/// <param name="StandardErrors">Local SEs per coefficient (0 outside the free terms).</param>
/// <param name="R2Weights">Held-out R^2 of the weight trajectories.</param>
/// <param name="R2Activity">Held-out R^2 of the activity trajectories.</param>
/// <param name="R2Changes">Held-out R^2 of the weight changes W_t - W_0.</param>
/// <param name="NoiseSd">sigma_obs.</param>
/// <param name="OutputSd">SD of the teacher's observed outputs.</param>
/// <param name="ObservedUnits">|M|.</param>
/// <param name="Seconds">Wall time of the fit.</param>
public sealed record PlasticitySeed(ulong Seed, FitResult Fit, double[] StandardErrors, double R2Weights, double R2Activity, double R2Changes, double NoiseSd, double OutputSd, int ObservedUnits, double Seconds)
{
    /// <summary>max over terms of |fitted - true|.</summary>
    public double CoefficientError(double[] truth) => Fit.Theta.Zip(truth, (a, b) => Math.Abs(a - b)).Max();
}

/// <summary>The whole run.</summary>
/// <param name="Seeds">Per seed.</param>
/// <param name="SingularValues">J's singular values at the first seed's fit.</param>
/// <param name="Null">Its near-null directions.</param>
public sealed record PlasticityResult(PlasticitySeed[] Seeds, double[] SingularValues, NullDirection[] Null)
{
    /// <summary>Largest over smallest singular value (infinite when one is 0).</summary>
    public double ConditionNumber => SingularValues.Length == 0 ? double.NaN : SingularValues[0] / SingularValues[^1];
}

/// <summary>Runs the fits of one setting over its seeds.</summary>
public static class PlasticityExperiment
{
    /// <summary>Runs every seed; <paramref name="progress"/> gets (seed index, fraction of its fit, current loss).</summary>
    public static PlasticityResult Run(PlasticitySettings settings, Action<int, double, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = new PlasticityModel(settings.Inputs, settings.Outputs, settings.Activation, settings.Eta);
        var seeds = new PlasticitySeed[settings.Seeds];
        for (int k = 0; k < settings.Seeds; k++)
        {
            RecordingOptions recording = settings.Recording with { Seed = settings.Recording.Seed + (ulong)k };
            Recording data = PlasticityData.Record(model, settings.Truth, recording);
            var clock = Stopwatch.StartNew();
            int index = k;
            FitResult fit = PlasticityFit.Fit(model, data, settings.Fit, (f, loss) => progress?.Invoke(index, f, loss));
            double seconds = clock.Elapsed.TotalSeconds;
            (double rw, double ry, double rc) = PlasticityFit.HeldOutR2(model, settings.Truth, fit.Theta, recording, settings.HeldOut);
            seeds[k] = new PlasticitySeed(recording.Seed, fit, PlasticityFit.StandardErrors(fit), rw, ry, rc, data.NoiseSd, data.OutputSd, data.ObservedCount, seconds);
            progress?.Invoke(k, 1, fit.Loss[^1]);
        }

        (double[] singular, NullDirection[] nulls) = PlasticityFit.Identifiability(seeds[0].Fit, settings.NullThreshold);
        return new PlasticityResult(seeds, singular, nulls);
    }

    /// <summary>Median of finite values (NaN when there are none).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] v = [.. values.Where(double.IsFinite).Order()];
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[(v.Length / 2) - 1] + v[v.Length / 2]);
    }
}
