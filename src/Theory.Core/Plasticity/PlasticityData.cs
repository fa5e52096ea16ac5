using Theory.Stats;

namespace Theory.Plasticity;

/// <summary>How the recording is made: the teacher's inputs, W_0, the observation noise and the observed units.</summary>
/// <param name="Trajectories">Trajectories recorded.</param>
/// <param name="Steps">Steps per trajectory T.</param>
/// <param name="InputKind">"gaussian" (x ~ N(0, InputSd^2) per unit and step) or "odour" (each step one of Odours sparse binary patterns).</param>
/// <param name="InputSd">SD of the Gaussian inputs.</param>
/// <param name="Odours">Number of odour patterns.</param>
/// <param name="Firing">Probability that an input unit is on in an odour pattern.</param>
/// <param name="InitialWeightSd">W_0 ~ N(0, sd^2) per weight.</param>
/// <param name="Noise">Observation noise SD relative to the SD of the teacher's outputs (used when <paramref name="AbsoluteNoise"/> is null).</param>
/// <param name="AbsoluteNoise">Observation noise SD sigma_obs itself.</param>
/// <param name="Observed">Fraction of output units observed (at least one unit).</param>
/// <param name="Seed">Seed of the inputs, W_0, the noise and the observed units.</param>
public sealed record RecordingOptions(int Trajectories, int Steps, string InputKind, double InputSd, int Odours, double Firing, double InitialWeightSd,
    double Noise, double? AbsoluteNoise, double Observed, ulong Seed);

/// <summary>The teacher's recording that a rule is fitted to (THEORY.md section 13).</summary>
/// <param name="Trajectories">Inputs and W_0 per trajectory.</param>
/// <param name="Targets">Observed outputs yhat = y* + sigma_obs xi (steps x outputs; unobserved units hold y*, unused).</param>
/// <param name="Clean">The teacher's outputs y*.</param>
/// <param name="Observed">Which output units are observed.</param>
/// <param name="NoiseSd">sigma_obs.</param>
/// <param name="OutputSd">SD of the teacher's observed outputs.</param>
public sealed record Recording(Trajectory[] Trajectories, double[][] Targets, double[][] Clean, bool[] Observed, double NoiseSd, double OutputSd)
{
    /// <summary>|M|, the observed units.</summary>
    public int ObservedCount => Observed.Count(o => o);
}

/// <summary>Makes recordings and held-out starts.</summary>
public static class PlasticityData
{
    /// <summary>
    /// Simulates the teacher under <paramref name="theta"/> and records it. Throws <see cref="InvalidOperationException"/>
    /// naming the trajectory and step if the teacher's weights diverge.
    /// </summary>
    public static Recording Record(PlasticityModel model, double[] theta, RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Trajectory[] trajectories = Starts(model, options, options.Seed, options.Trajectories);
        int m = model.Outputs, steps = options.Steps;
        var clean = new double[trajectories.Length][];
        for (int k = 0; k < trajectories.Length; k++)
        {
            clean[k] = new double[steps * m];
            int diverged = model.Simulate(theta, trajectories[k], steps, clean[k]);
            if (diverged >= 0)
            {
                throw new InvalidOperationException(
                    $"the teacher's weights diverge (|W| > 1e6) at step {diverged + 1} of trajectory {k + 1}: lower --eta, shorten --steps or change the rule.");
            }
        }

        var rng = new Xoshiro256(PlasticityFit.Stream(options.Seed, 2));
        int observedCount = Math.Clamp((int)Math.Round(options.Observed * m), 1, m);
        int[] order = [.. Enumerable.Range(0, m)];
        for (int i = m - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var observed = new bool[m];
        foreach (int j in order.Take(observedCount))
        {
            observed[j] = true;
        }

        double sum = 0, sumSq = 0;
        long count = 0;
        foreach (double[] y in clean)
        {
            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < m; j++)
                {
                    if (observed[j])
                    {
                        double v = y[(t * m) + j];
                        sum += v;
                        sumSq += v * v;
                        count++;
                    }
                }
            }
        }

        double mean = sum / count;
        double outputSd = Math.Sqrt(Math.Max(0, (sumSq / count) - (mean * mean)));
        double noiseSd = options.AbsoluteNoise ?? (options.Noise * outputSd);
        var noise = new Xoshiro256(PlasticityFit.Stream(options.Seed, 3));
        double[][] targets = [.. clean.Select(y =>
        {
            var target = (double[])y.Clone();
            if (noiseSd > 0)
            {
                for (int k = 0; k < target.Length; k++)
                {
                    target[k] += noiseSd * noise.NextGaussian(); // drawn once per data set, for every unit (unobserved ones unused)
                }
            }

            return target;
        })];
        return new Recording(trajectories, targets, clean, observed, noiseSd, outputSd);
    }

    /// <summary>Inputs and W_0 for <paramref name="count"/> trajectories from <paramref name="seed"/>.</summary>
    public static Trajectory[] Starts(PlasticityModel model, RecordingOptions options, ulong seed, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        int n = model.Inputs, m = model.Outputs, steps = options.Steps;
        var rng = new Xoshiro256(PlasticityFit.Stream(seed, 1));
        double[][] odours = options.InputKind == "odour"
            ? [.. Enumerable.Range(0, options.Odours).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextDouble() < options.Firing ? 1.0 : 0.0).ToArray())]
            : [];
        var trajectories = new Trajectory[count];
        for (int k = 0; k < count; k++)
        {
            var w0 = new double[n * m];
            for (int i = 0; i < w0.Length; i++)
            {
                w0[i] = options.InitialWeightSd * rng.NextGaussian();
            }

            var x = new double[steps * n];
            for (int t = 0; t < steps; t++)
            {
                if (odours.Length > 0)
                {
                    odours[rng.NextInt(odours.Length)].CopyTo(x, t * n);
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        x[(t * n) + i] = options.InputSd * rng.NextGaussian();
                    }
                }
            }

            trajectories[k] = new Trajectory(x, w0);
        }

        return trajectories;
    }
}
