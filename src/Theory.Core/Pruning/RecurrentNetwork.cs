using Theory.Stats;

namespace Theory.Pruning;

/// <summary>How the dynamics matrix A of (14.1) is made from the weights W.</summary>
public enum NetworkForm
{
    /// <summary>A = -I + W (the authors' notebooks).</summary>
    Leak,

    /// <summary>A = W - diag(sum_j |W_ij|) - leak I: -A is the signed Laplacian of W plus a leak, the form of (14.6) and of the spectral claim.</summary>
    Laplacian,
}

/// <summary>
/// A linear recurrent network of section 14: its weights W (row-major n x n; the diagonal, a self-coupling, is never
/// pruned) and how A is made from them. Synapses are the non-zero off-diagonal W_ij; for a symmetric W a synapse is a
/// pair i &lt; j, pruned or kept together.
/// </summary>
public sealed class RecurrentNetwork
{
    private RecurrentNetwork(int n, double[] weights, bool symmetric, NetworkForm form, double leak)
    {
        N = n;
        Weights = weights;
        Symmetric = symmetric;
        Form = form;
        Leak = leak;
        var rows = new List<int>();
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            for (int j = symmetric ? i + 1 : 0; j < n; j++)
            {
                if (j != i && weights[(i * n) + j] != 0)
                {
                    rows.Add(i);
                    columns.Add(j);
                }
            }
        }

        SynapseRows = [.. rows];
        SynapseColumns = [.. columns];
    }

    /// <summary>Number of units n.</summary>
    public int N { get; }

    /// <summary>W, row-major n x n.</summary>
    public double[] Weights { get; }

    /// <summary>Whether W is symmetric (synapses are pairs).</summary>
    public bool Symmetric { get; }

    /// <summary>How A is made from W.</summary>
    public NetworkForm Form { get; }

    /// <summary>The extra leak of the Laplacian form (0 in the leak form, whose leak is the -I).</summary>
    public double Leak { get; }

    /// <summary>Row i of each synapse.</summary>
    public int[] SynapseRows { get; }

    /// <summary>Column j of each synapse (j &gt; i when symmetric).</summary>
    public int[] SynapseColumns { get; }

    /// <summary>Number of synapses (pairs when symmetric).</summary>
    public int Synapses => SynapseRows.Length;

    /// <summary>A network with these weights (validated: square, finite, symmetric if said so).</summary>
    public static RecurrentNetwork FromWeights(double[] weights, int n, bool symmetric, NetworkForm form, double leak)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (n < 2 || weights.Length != (long)n * n)
        {
            throw new ArgumentException($"W must be square with at least 2 units (got {weights.Length} entries for n = {n}).", nameof(weights));
        }

        for (int k = 0; k < weights.Length; k++)
        {
            if (!double.IsFinite(weights[k]))
            {
                throw new ArgumentException($"W[{k / n}, {k % n}] is {Guard.Format(weights[k])}; every weight must be finite.", nameof(weights));
            }
        }

        if (symmetric && !IsSymmetric(weights, n))
        {
            throw new ArgumentException("W is not symmetric, so its synapses cannot be pruned in pairs.", nameof(weights));
        }

        Guard.NonNegativeFinite(leak, nameof(leak));
        return new RecurrentNetwork(n, weights, symmetric, form, leak);
    }

    /// <summary>Whether W equals its transpose exactly.</summary>
    public static bool IsSymmetric(double[] weights, int n)
    {
        ArgumentNullException.ThrowIfNull(weights);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (weights[(i * n) + j] != weights[(j * n) + i])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The authors' clustered network: units split into clusters, each within-cluster pair connected with probability
    /// <paramref name="density"/>, plus <paramref name="longRange"/> edges between random units of different clusters;
    /// weights N(mean, sd^2). Symmetric: a pair's two directions share one weight.
    /// </summary>
    public static double[] ClusteredWeights(int[] clusters, double density, double mean, double sd, int longRange, bool symmetric, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        int n = clusters.Sum();
        var cluster = new int[n];
        for (int c = 0, i = 0; c < clusters.Length; c++)
        {
            for (int k = 0; k < clusters[c]; k++)
            {
                cluster[i++] = c;
            }
        }

        var rng = new Xoshiro256(seed);
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = symmetric ? i + 1 : 0; j < n; j++)
            {
                if (j != i && cluster[i] == cluster[j] && rng.NextDouble() < density)
                {
                    Set(w, n, i, j, mean + (sd * rng.NextGaussian()), symmetric);
                }
            }
        }

        AddLongRange(w, n, longRange, (i, j) => cluster[i] != cluster[j], mean, sd, symmetric, rng);
        return w;
    }

    /// <summary>An Erdos-Renyi network: each pair (or ordered pair) connected with probability <paramref name="density"/>, weights N(mean, sd^2).</summary>
    public static double[] RandomWeights(int n, double density, double mean, double sd, bool symmetric, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = symmetric ? i + 1 : 0; j < n; j++)
            {
                if (j != i && rng.NextDouble() < density)
                {
                    Set(w, n, i, j, mean + (sd * rng.NextGaussian()), symmetric);
                }
            }
        }

        return w;
    }

    /// <summary>Largest real part of W's eigenvalues (its largest eigenvalue when symmetric).</summary>
    public static double LargestRealEigenvalue(double[] weights, int n, bool symmetric, bool native) => symmetric
        ? DenseAlgebra.SymmetricEigen(weights, n, withVectors: false, out _, native)[^1]
        : DenseAlgebra.GeneralEigenvalues(weights, n, native).Max(v => v.Real);

    /// <summary>W scaled so that its largest real eigenvalue part is <paramref name="target"/> (the notebooks' 1/1.1).</summary>
    public static double[] ScaledTo(double[] weights, int n, bool symmetric, double target, bool native)
    {
        double largest = LargestRealEigenvalue(weights, n, symmetric, native);
        if (!(largest > 0))
        {
            throw new ArgumentException($"W's largest eigenvalue is {Guard.Format(largest)}, so it cannot be scaled to {Guard.Format(target)}.", nameof(weights));
        }

        return [.. weights.Select(v => v * (target / largest))];
    }

    /// <summary>A of (14.1) for weights <paramref name="weights"/> in this network's form (the pruned networks use their own weights).</summary>
    public double[] Dynamics(double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int n = N;
        double[] a = (double[])weights.Clone();
        for (int i = 0; i < n; i++)
        {
            double diagonal;
            if (Form == NetworkForm.Leak)
            {
                diagonal = -1;
            }
            else
            {
                double degree = 0;
                for (int j = 0; j < n; j++)
                {
                    degree += j == i ? 0 : Math.Abs(weights[(i * n) + j]);
                }

                diagonal = -degree - Leak;
            }

            a[(i * n) + i] += diagonal;
        }

        return a;
    }

    private static void AddLongRange(double[] w, int n, int edges, Func<int, int, bool> allowed, double mean, double sd, bool symmetric, Xoshiro256 rng)
    {
        int added = 0;
        for (long tries = 0; added < edges && tries < 100L * (edges + 1); tries++)
        {
            int i = rng.NextInt(n), j = rng.NextInt(n);
            if (i == j || !allowed(i, j) || w[(i * n) + j] != 0)
            {
                continue;
            }

            Set(w, n, i, j, mean + (sd * rng.NextGaussian()), symmetric);
            added++;
        }
    }

    private static void Set(double[] w, int n, int i, int j, double value, bool symmetric)
    {
        w[(i * n) + j] = value;
        if (symmetric)
        {
            w[(j * n) + i] = value;
        }
    }
}
