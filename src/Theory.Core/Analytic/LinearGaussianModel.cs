using MathNet.Numerics.LinearAlgebra;

namespace Theory.Analytic;

/// <summary>
/// The linear Gaussian model of THEORY.md section 3: data (x_t, y_t), prediction w . x_t, output noise
/// variance sigma_y^2. Holds the sufficient statistics A = X^T X and b = X^T y.
/// </summary>
public sealed class LinearGaussianModel
{
    /// <summary>Builds the model from a design matrix (N x d) and targets (length N).</summary>
    /// <exception cref="ArgumentException">Shapes disagree, a value is not finite, or sigma_y &lt;= 0.</exception>
    public LinearGaussianModel(Matrix<double> design, IReadOnlyList<double> targets, double sigmaY = 1.0)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.StandardDeviation(sigmaY, nameof(sigmaY));
        if (design.RowCount != targets.Count)
        {
            throw new ArgumentException(
                $"targets has {targets.Count} entries but the design matrix has {design.RowCount} rows.", nameof(targets));
        }

        if (design.ColumnCount == 0 || design.RowCount == 0)
        {
            throw new ArgumentException("the design matrix must have at least one row and one column.", nameof(design));
        }

        Guard.AllFinite(design.AsColumnMajorArray() ?? design.ToColumnMajorArray(), nameof(design));
        double[] y = [.. targets];
        Guard.AllFinite(y, nameof(targets));

        Design = design;
        Targets = y;
        SigmaY = sigmaY;
        Gram = design.TransposeThisAndMultiply(design);
        GramDiagonal = Gram.Diagonal().ToArray();
        Moment = design.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(y)).ToArray();
    }

    /// <summary>Design matrix X (N x d).</summary>
    public Matrix<double> Design { get; }

    /// <summary>Targets y (length N).</summary>
    public IReadOnlyList<double> Targets { get; }

    /// <summary>Output noise standard deviation sigma_y.</summary>
    public double SigmaY { get; }

    /// <summary>Number of synapses d.</summary>
    public int Synapses => Gram.RowCount;

    /// <summary>A = X^T X.</summary>
    public Matrix<double> Gram { get; }

    /// <summary>A_ii.</summary>
    public IReadOnlyList<double> GramDiagonal { get; }

    /// <summary>b = X^T y.</summary>
    public IReadOnlyList<double> Moment { get; }

    /// <summary>Importance h_i = A_ii / sigma_y^2, the Hessian diagonal of L_perf.</summary>
    public double[] Importance()
    {
        double inv = 1 / (SigmaY * SigmaY);
        return [.. GramDiagonal.Select(a => a * inv)];
    }

    /// <summary>Optimal noise sigma_i* for every synapse (+infinity where unconstrained).</summary>
    public double[] OptimalSigmas(double rho, double s, double lambda) =>
        OptimalNoise.Sigmas(rho, s, lambda, Importance());

    /// <summary>Exact posterior marginal variances (P^-1)_ii.</summary>
    public double[] ExactMarginalVariances(double sigma0) => Posterior.ExactMarginalVariances(Gram, SigmaY, sigma0);

    /// <summary>Mean-field variances 1 / P_ii.</summary>
    public double[] MeanFieldVariances(double sigma0) => Posterior.MeanFieldVariances([.. GramDiagonal], SigmaY, sigma0);

    /// <summary>Large-prior variances sigma_y^2 / A_ii.</summary>
    public double[] LargePriorVariances() => Posterior.LargePriorVariances([.. GramDiagonal], SigmaY);
}
