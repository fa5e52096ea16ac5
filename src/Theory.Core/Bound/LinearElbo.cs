using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Theory.Analytic;
using Theory.Stats;

namespace Theory.Bound;

/// <summary>The ELBO of the linear Gaussian model in closed form, and a Monte-Carlo estimate to check it.</summary>
public static class LinearElbo
{
    /// <summary>Closed-form terms for q = N(mu, diag(sigma^2)).</summary>
    /// <param name="model">The data (X, y) and sigma_y.</param>
    /// <param name="mu">Means of q. Range: finite.</param>
    /// <param name="sigma">Standard deviations of q. Range: &gt; 0.</param>
    /// <param name="sigma0">Gaussian prior standard deviation.</param>
    /// <param name="laplaceScale">Laplace prior scale b (1/kappa for the paper's L1 cost).</param>
    /// <param name="rho">Cost exponent of the biological bound.</param>
    /// <param name="s">Reliability scale of the biological bound.</param>
    public static ElboTerms Terms(LinearGaussianModel model, double[] mu, double[] sigma, double sigma0, double laplaceScale, double rho, double s)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(sigma);
        Guard.SameLength(model.Synapses, mu.Length, nameof(mu));
        Guard.SameLength(model.Synapses, sigma.Length, nameof(sigma));
        Guard.AllFinite(mu, nameof(mu));
        foreach (double v in sigma)
        {
            Guard.PositiveFinite(v, nameof(sigma));
        }

        Guard.StandardDeviation(sigma0, nameof(sigma0));
        Guard.PositiveFinite(laplaceScale, nameof(laplaceScale));
        Guard.PositiveFinite(rho, nameof(rho));
        Guard.PositiveFinite(s, nameof(s));

        int n = model.Design.RowCount, d = model.Synapses;
        double sy2 = model.SigmaY * model.SigmaY;
        var prediction = model.Design * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(mu);
        double residual = 0;
        for (int t = 0; t < n; t++)
        {
            double r = model.Targets[t] - prediction[t];
            residual += r * r;
        }

        double trace = 0, gaussianPrior = 0, laplace = 0, shortcut = 0, entropy = 0, biological = 0;
        for (int i = 0; i < d; i++)
        {
            trace += model.GramDiagonal[i] * sigma[i] * sigma[i];
            gaussianPrior += 0.5 * Math.Log(2 * Math.PI * sigma0 * sigma0) + (mu[i] * mu[i] + sigma[i] * sigma[i]) / (2 * sigma0 * sigma0);
            laplace += FoldedNormalMean(mu[i], sigma[i]) / laplaceScale + Math.Log(2 * laplaceScale);
            shortcut += Math.Abs(mu[i]) / laplaceScale + Math.Log(2 * laplaceScale);
            entropy += EntropyBound.Entropy(sigma[i]);
            biological += ReliabilityCost.ValueUnchecked(rho, s, 1, sigma[i]);
        }

        double nll = 0.5 * n * Math.Log(2 * Math.PI * sy2) + (residual + trace) / (2 * sy2);
        return new ElboTerms(nll, gaussianPrior, laplace, shortcut, entropy, biological + d * EntropyBound.Constant(rho, s));
    }

    /// <summary>E|w| for w ~ N(mu, sigma^2): sigma sqrt(2/pi) exp(-mu^2/(2 sigma^2)) + mu (1 - 2 Phi(-mu/sigma)).</summary>
    public static double FoldedNormalMean(double mu, double sigma)
    {
        Guard.Finite(mu, nameof(mu));
        Guard.PositiveFinite(sigma, nameof(sigma));
        double z = mu / sigma;
        // 1 - 2 Phi(-z) = erf(z / sqrt 2), accurate for small z where 1 - 2 Phi cancels.
        return sigma * Math.Sqrt(2 / Math.PI) * Math.Exp(-0.5 * z * z) + mu * SpecialFunctions.Erf(z / Math.Sqrt(2));
    }

    /// <summary>
    /// Monte-Carlo estimate of -ELBO (Gaussian or Laplace prior) from <paramref name="samples"/> draws of q,
    /// with its standard error.
    /// </summary>
    public static (double Mean, double StandardError) MonteCarlo(
        LinearGaussianModel model, double[] mu, double[] sigma, double sigma0, double? laplaceScale, int samples, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(sigma);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        var rng = new Xoshiro256(seed);
        int d = model.Synapses, n = model.Design.RowCount;
        double sy = model.SigmaY;
        var w = new double[d];
        double sum = 0, sumSq = 0;
        for (int k = 0; k < samples; k++)
        {
            double logQ = 0, logPrior = 0;
            for (int i = 0; i < d; i++)
            {
                double eps = rng.NextGaussian();
                w[i] = mu[i] + sigma[i] * eps;
                logQ += Normal.PDFLn(mu[i], sigma[i], w[i]);
                logPrior += laplaceScale is { } b ? Laplace.PDFLn(0, b, w[i]) : Normal.PDFLn(0, sigma0, w[i]);
            }

            double logLik = 0;
            for (int t = 0; t < n; t++)
            {
                double pred = 0;
                for (int i = 0; i < d; i++)
                {
                    pred += model.Design[t, i] * w[i];
                }

                logLik += Normal.PDFLn(pred, sy, model.Targets[t]);
            }

            double value = -logLik - logPrior + logQ;
            sum += value;
            sumSq += value * value;
        }

        double mean = sum / samples;
        double variance = (sumSq - samples * mean * mean) / (samples - 1);
        return (mean, Math.Sqrt(Math.Max(variance, 0) / samples));
    }
}
