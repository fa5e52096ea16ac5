namespace Theory.Pruning;

/// <summary>
/// The asymptotic claim of section 14 measured: networks of growing n, each pruned to K = q n ln n synapses (the
/// Spielman-Srivastava count at a fixed eps, since r grows like ln n / eps^2), so that the kept fraction K / M falls
/// with n. If the claim holds, eps (and the eigenvalue errors) stay level as n grows for the noise rule.
/// </summary>
public static class PruneSweep
{
    /// <summary>One method at one n.</summary>
    public sealed record Cell(PruningMethod Method, int Kept, double Epsilon, double Median, double Slowest);

    /// <summary>One n.</summary>
    /// <param name="N">Units.</param>
    /// <param name="Synapses">Synapses M.</param>
    /// <param name="Target">K = min(M, q n ln n).</param>
    /// <param name="Cells">Per method.</param>
    public sealed record Row(int N, int Synapses, double Target, Cell[] Cells)
    {
        /// <summary>K / M.</summary>
        public double KeptFraction => Target / Synapses;
    }

    /// <summary>
    /// q such that q n ln n is <paramref name="keep"/> of the synapses at n (how the command turns --keep at the
    /// largest n into the sweep's constant).
    /// </summary>
    public static double PerNLnN(int synapses, int n, double keep) => keep * synapses / (n * Math.Log(n));

    /// <summary>Runs the sweep; C by the symmetric closed form when W is symmetric (the main run checks it against Bartels-Stewart), else by Lyapunov.</summary>
    public static Row[] Run(NetworkSpec spec, int[] sizes, double perNLnN, bool rescale, ulong seed, bool native, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sizes);
        var rows = new Row[sizes.Length];
        for (int k = 0; k < sizes.Length; k++)
        {
            int n = sizes[k];
            progress?.Invoke(k, 0);
            RecurrentNetwork network = spec.Build(n, seed, native);
            double[] a = network.Dynamics(network.Weights);
            double[] c = (network.Symmetric ? DenseAlgebra.SymmetricCovariance(a, n, native) : null) ?? DenseAlgebra.Lyapunov(a, n, native);
            double[] d = PruningRule.NoiseScores(network, c);
            var spectral = new SpectralCheck(a, n, network.Symmetric, native);
            double target = Math.Min(network.Synapses, Math.Round(perNLnN * n * Math.Log(n)));
            var cells = new Cell[PruneExperiment.Methods.Length];
            for (int m = 0; m < cells.Length; m++)
            {
                PruningMethod method = PruneExperiment.Methods[m];
                double[] scores = PruningRule.Scores(method, network, d);
                double[] p = PruningRule.Probabilities(scores, PruningRule.Oversampling(scores, target));
                (double[] w, int kept) = PruningRule.Prune(network, p, new Stats.Xoshiro256(PruneExperiment.Stream(seed, 20_000 + (10 * k) + m)), rescale);
                SpectralCheck.Comparison result = spectral.Compare(network.Dynamics(w));
                cells[m] = new Cell(method, kept, result.Epsilon, result.Median, result.Slowest);
                progress?.Invoke(k, (m + 1.0) / cells.Length);
            }

            rows[k] = new Row(n, network.Synapses, target, cells);
        }

        return rows;
    }
}
