using Theory.Stats;

namespace Theory.Pruning;

/// <summary>How the keep probabilities are set.</summary>
public enum PruningMethod
{
    /// <summary>The local noise rule (14.3-14.4): p_ij = min(1, r |W_ij| d_ij).</summary>
    Rule,

    /// <summary>Control: p_ij = min(1, r |W_ij|).</summary>
    Weight,

    /// <summary>Control: every synapse kept with the same probability.</summary>
    Uniform,
}

/// <summary>The pruning rule of section 14 and its two controls, at a target expected number of kept synapses.</summary>
public static class PruningRule
{
    /// <summary>Names as the command prints them.</summary>
    public static string Name(this PruningMethod method) => method switch
    {
        PruningMethod.Rule => "noise rule",
        PruningMethod.Weight => "|W| sampling",
        _ => "uniform",
    };

    /// <summary>
    /// d_ij = C_ii + C_jj - 2 sign(W_ij) C_ij = Var(x_i - sign(W_ij) x_j) (14.3), per synapse: what a synapse can
    /// measure from its two units' noise-driven fluctuations.
    /// </summary>
    public static double[] NoiseScores(RecurrentNetwork network, double[] covariance)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(covariance);
        int n = network.N;
        var d = new double[network.Synapses];
        for (int s = 0; s < d.Length; s++)
        {
            int i = network.SynapseRows[s], j = network.SynapseColumns[s];
            double sign = Math.Sign(network.Weights[(i * n) + j]);
            d[s] = covariance[(i * n) + i] + covariance[(j * n) + j] - (2 * sign * covariance[(i * n) + j]);
        }

        return d;
    }

    /// <summary>The score that r multiplies: |W_ij| d_ij, |W_ij| or 1.</summary>
    public static double[] Scores(PruningMethod method, RecurrentNetwork network, double[] noiseScores)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(noiseScores);
        int n = network.N;
        var scores = new double[network.Synapses];
        for (int s = 0; s < scores.Length; s++)
        {
            double w = Math.Abs(network.Weights[(network.SynapseRows[s] * n) + network.SynapseColumns[s]]);
            scores[s] = method switch
            {
                PruningMethod.Rule => w * noiseScores[s],
                PruningMethod.Weight => w,
                _ => 1,
            };
        }

        return scores;
    }

    /// <summary>
    /// The r of (14.4) with sum_s min(1, r score_s) = <paramref name="target"/> (found by bisection on ln r; the sum
    /// rises with r). Infinity when every synapse is kept.
    /// </summary>
    public static double Oversampling(double[] scores, double target)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(target > 0 && target <= scores.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(target), $"the target number of synapses must be above 0 and at most {scores.Length} (got {Guard.Format(target)}).");
        }

        if (target >= scores.Length)
        {
            return double.PositiveInfinity;
        }

        double Kept(double r) => scores.Sum(v => Math.Min(1, r * v));
        double low = target / scores.Sum(), high = low;
        while (Kept(high) < target)
        {
            high *= 2; // the clipping at 1 loses mass: r must rise above target / sum
        }

        for (int k = 0; k < 200 && high > low * (1 + 1e-15); k++)
        {
            double mid = Math.Sqrt(low * high);
            if (Kept(mid) < target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }

    /// <summary>p_s = min(1, r score_s); every p is 1 for an infinite r (everything kept), whatever the score.</summary>
    public static double[] Probabilities(double[] scores, double r)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. scores.Select(v => double.IsPositiveInfinity(r) ? 1 : Math.Min(1, r * v))];
    }

    /// <summary>
    /// One pruning: synapse s kept with probability p_s and, with <paramref name="rescale"/>, divided by p_s (so that
    /// E[W_pruned] = W, 14.5), else set to 0; a symmetric pair is kept or dropped together. The diagonal is kept.
    /// Returns the pruned W and the number kept.
    /// </summary>
    public static (double[] Weights, int Kept) Prune(RecurrentNetwork network, double[] probabilities, Xoshiro256 rng, bool rescale)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(probabilities);
        int n = network.N;
        var kept = new double[probabilities.Length];
        int count = SampleSynapses(network, probabilities, rng, rescale, kept);
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            w[(i * n) + i] = network.Weights[(i * n) + i];
        }

        for (int s = 0; s < kept.Length; s++)
        {
            int i = network.SynapseRows[s], j = network.SynapseColumns[s];
            w[(i * n) + j] = kept[s];
            if (network.Symmetric)
            {
                w[(j * n) + i] = kept[s];
            }
        }

        return (w, count);
    }

    /// <summary>
    /// One pruning's synapse weights, in synapse order, into <paramref name="destination"/>: W_s / p_s (or W_s without
    /// <paramref name="rescale"/>) with probability p_s, else 0; one uniform draw per synapse. Returns the number kept.
    /// </summary>
    public static int SampleSynapses(RecurrentNetwork network, double[] probabilities, Xoshiro256 rng, bool rescale, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(rng);
        int n = network.N, kept = 0;
        for (int s = 0; s < probabilities.Length; s++)
        {
            double p = probabilities[s];
            if (rng.NextDouble() >= p)
            {
                destination[s] = 0;
                continue;
            }

            kept++;
            destination[s] = network.Weights[(network.SynapseRows[s] * n) + network.SynapseColumns[s]] / (rescale ? p : 1);
        }

        return kept;
    }

    /// <summary>
    /// sum over synapses of |W_ij| d_ij (14.6): n / 2 when -A is exactly the signed Laplacian of a symmetric W, at
    /// most n / 2 with an extra leak. (For an asymmetric W the sum runs over ordered pairs and is halved.)
    /// </summary>
    public static double TraceSum(RecurrentNetwork network, double[] noiseScores)
    {
        ArgumentNullException.ThrowIfNull(network);
        double sum = Scores(PruningMethod.Rule, network, noiseScores).Sum();
        return network.Symmetric ? sum : sum / 2;
    }
}
