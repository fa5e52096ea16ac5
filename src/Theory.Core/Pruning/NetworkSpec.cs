namespace Theory.Pruning;

/// <summary>
/// How <c>theory prune</c> makes its network: the authors' clustered one, a random one or a weight matrix from a file,
/// then A in the leak form scaled to the notebooks' largest eigenvalue of W, or in the Laplacian form.
/// </summary>
/// <param name="Structure">"clusters", "random" or "file".</param>
/// <param name="ClusterFractions">Cluster sizes as fractions of n (the notebooks: 1000/200/800 of 2000).</param>
/// <param name="Density">Connection probability within a cluster (random: between any two units).</param>
/// <param name="WeightMean">Mean of the weights' normal distribution.</param>
/// <param name="WeightSd">Its standard deviation.</param>
/// <param name="LongRangePerUnit">Long-range edges per unit between clusters (the notebooks: 5000 at n = 2000).</param>
/// <param name="LambdaMax">W's largest eigenvalue (real part) after scaling, in the leak form; null keeps W as drawn or read.</param>
/// <param name="Symmetric">Whether W is symmetric (a file's W is symmetric when it equals its transpose).</param>
/// <param name="Form">How A is made from W.</param>
/// <param name="Leak">The Laplacian form's extra leak.</param>
/// <param name="FileWeights">The file's W, row-major, when <paramref name="Structure"/> is "file".</param>
public sealed record NetworkSpec(string Structure, double[] ClusterFractions, double Density, double WeightMean, double WeightSd, double LongRangePerUnit,
    double? LambdaMax, bool Symmetric, NetworkForm Form, double Leak, double[]? FileWeights = null)
{
    /// <summary>The notebooks' cluster sizes 1000/200/800 as fractions.</summary>
    public static readonly double[] AuthorsClusters = [0.5, 0.1, 0.4];

    /// <summary>The notebooks' largest eigenvalue of W, 1/1.1.</summary>
    public const double AuthorsLambdaMax = 1 / 1.1;

    /// <summary>Cluster sizes at n units: the fractions rounded, the last taking the remainder.</summary>
    public int[] ClusterSizes(int n)
    {
        var sizes = new int[ClusterFractions.Length];
        double total = ClusterFractions.Sum();
        for (int c = 0; c < sizes.Length - 1; c++)
        {
            sizes[c] = (int)Math.Round(n * ClusterFractions[c] / total);
        }

        sizes[^1] = n - sizes[..^1].Sum();
        return sizes;
    }

    /// <summary>Builds the network at n units (a file's n is its own).</summary>
    public RecurrentNetwork Build(int n, ulong seed, bool native)
    {
        double[] w;
        bool symmetric = Symmetric;
        if (Structure == "file")
        {
            w = FileWeights ?? throw new InvalidOperationException("no weights read");
            n = (int)Math.Round(Math.Sqrt(w.Length));
            symmetric = RecurrentNetwork.IsSymmetric(w, n);
        }
        else if (Structure == "random")
        {
            w = RecurrentNetwork.RandomWeights(n, Density, WeightMean, WeightSd, symmetric, seed);
        }
        else
        {
            w = RecurrentNetwork.ClusteredWeights(ClusterSizes(n), Density, WeightMean, WeightSd, (int)Math.Round(LongRangePerUnit * n), symmetric, seed);
        }

        if (LambdaMax is { } target && Form == NetworkForm.Leak)
        {
            w = RecurrentNetwork.ScaledTo(w, n, symmetric, target, native);
        }

        return RecurrentNetwork.FromWeights(w, n, symmetric, Form, Form == NetworkForm.Laplacian ? Leak : 0);
    }
}
