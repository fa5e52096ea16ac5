using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using Theory.Stats;

namespace Theory.Synapses;

/// <summary>
/// Synaptic sampling (Kappel et al., PLoS Computational Biology 2015) in the linear Gaussian model (THEORY.md
/// section 8): the Euler-Maruyama chain w &lt;- w - e P (w - m) + sqrt(2 e) xi at temperature 1, whose target is the
/// posterior N(m, P^-1) and whose own stationary covariance is P^-1 (I - e P / 2)^-1.
/// </summary>
public static class LangevinSampler
{
    /// <summary>A chain's moments after burn-in.</summary>
    /// <param name="Mean">The sample mean.</param>
    /// <param name="Covariance">The sample covariance (d x d, over the whole kept chain).</param>
    /// <param name="PartialCovariances">The sample covariance over the first quarter and the first half of the kept chain, for the shrinkage of the Monte-Carlo error.</param>
    /// <param name="EffectiveSampleSize">Per synapse, the kept samples divided by the integrated autocorrelation time (batch means, 50 batches).</param>
    /// <param name="Samples">Samples kept.</param>
    public sealed record Result(double[] Mean, Matrix<double> Covariance, Matrix<double>[] PartialCovariances, double[] EffectiveSampleSize, int Samples);

    /// <summary>2 / lambda_max(P): the chain diverges at this step and above.</summary>
    public static double StepLimit(Matrix<double> precision)
    {
        ArgumentNullException.ThrowIfNull(precision);
        return 2 / precision.Evd(Symmetricity.Symmetric).EigenValues.Real().Maximum();
    }

    /// <summary>The chain's own stationary covariance, (P - e P^2 / 2)^-1 = P^-1 (I - e P / 2)^-1.</summary>
    public static Matrix<double> StationaryCovariance(Matrix<double> precision, double step)
    {
        ArgumentNullException.ThrowIfNull(precision);
        Matrix<double> m = precision - (step / 2 * (precision * precision));
        return m.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(precision.RowCount));
    }

    /// <summary>
    /// Runs the chain from the posterior mean for <paramref name="burnIn"/> + <paramref name="samples"/> steps of size
    /// <paramref name="step"/>; refuses a step at or above 2 / lambda_max(P), naming the bound.
    /// </summary>
    public static Result Run(Matrix<double> precision, double[] mean, double step, int burnIn, int samples, ulong seed, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(mean);
        double limit = StepLimit(precision);
        if (!(step > 0) || step >= limit)
        {
            throw new ArgumentException(
                $"the Langevin step must be above 0 and below 2/lambda_max(P) = {Guard.Format(limit)}, where the chain diverges (got {Guard.Format(step)}).", nameof(step));
        }

        if (burnIn < 0 || samples < 100)
        {
            throw new ArgumentException($"a chain needs burn-in >= 0 and at least 100 samples (got {burnIn} and {samples}).", nameof(samples));
        }

        int d = mean.Length;
        double[] p = precision.ToRowMajorArray();
        var rng = new Xoshiro256(seed);
        double[] w = (double[])mean.Clone(), dev = new double[d], noise = new double[d];
        double noiseScale = Math.Sqrt(2 * step);

        // Sums of deviations from the posterior mean (the chain's centre, so the sums stay well conditioned), kept in
        // blocks: the covariance accumulates as a rank-Block update of the matrix product.
        const int Block = 64;
        var block = Matrix<double>.Build.Dense(d, Block);
        Matrix<double> scatter = Matrix<double>.Build.Dense(d, d);
        var sum = new double[d];
        int batches = 50, perBatch = samples / batches;
        var batchSums = new double[batches, d];
        int[] snapshotsAt = [samples / 4, samples / 2];
        var snapshots = new List<(Matrix<double> Scatter, double[] Sum, int Count)>();
        int filled = 0, kept = 0;
        for (int t = 0; t < burnIn + samples; t++)
        {
            for (int i = 0; i < d; i++)
            {
                dev[i] = w[i] - mean[i];
            }

            rng.FillGaussian(noise);
            for (int i = 0; i < d; i++)
            {
                w[i] += (-step * TensorPrimitives.Dot(p.AsSpan(i * d, d), dev)) + (noiseScale * noise[i]);
            }

            if (t < burnIn)
            {
                continue;
            }

            for (int i = 0; i < d; i++)
            {
                double v = w[i] - mean[i];
                block[i, filled] = v;
                sum[i] += v;
                if (kept / Math.Max(1, perBatch) < batches)
                {
                    batchSums[kept / Math.Max(1, perBatch), i] += v;
                }
            }

            filled++;
            kept++;
            if (filled == Block || kept == samples || snapshotsAt.Contains(kept))
            {
                Matrix<double> used = filled == Block ? block : block.SubMatrix(0, d, 0, filled);
                scatter += used.TransposeAndMultiply(used);
                filled = 0;
                block.Clear();
            }

            if (snapshotsAt.Contains(kept))
            {
                snapshots.Add((scatter.Clone(), (double[])sum.Clone(), kept));
            }

            if (progress is not null && (kept & 1023) == 0)
            {
                progress((double)kept / samples);
            }
        }

        Matrix<double> Covariance(Matrix<double> s, double[] total, int count)
        {
            var c = Matrix<double>.Build.Dense(d, d);
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < d; j++)
                {
                    c[i, j] = (s[i, j] - (total[i] * total[j] / count)) / (count - 1);
                }
            }

            return c;
        }

        Matrix<double> covariance = Covariance(scatter, sum, samples);
        var ess = new double[d];
        for (int i = 0; i < d; i++)
        {
            double grand = 0;
            for (int b = 0; b < batches; b++)
            {
                grand += batchSums[b, i];
            }

            grand /= batches * perBatch;
            double spread = 0;
            for (int b = 0; b < batches; b++)
            {
                double m = (batchSums[b, i] / perBatch) - grand;
                spread += m * m;
            }

            double batchVariance = spread / (batches - 1);
            double tauInt = perBatch * batchVariance / covariance[i, i];
            ess[i] = samples / Math.Max(1, tauInt);
        }

        return new Result(
            [.. sum.Select((v, i) => mean[i] + (v / samples))],
            covariance,
            [.. snapshots.Select(s => Covariance(s.Scatter, s.Sum, s.Count))],
            ess,
            samples);
    }

    /// <summary>||a - b||_F / ||b||_F.</summary>
    public static double RelativeFrobenius(Matrix<double> a, Matrix<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return (a - b).FrobeniusNorm() / b.FrobeniusNorm();
    }
}
