using Theory.Kernels;

namespace Theory.Plasticity;

/// <summary>The output nonlinearity f of (13.1).</summary>
public enum Activation
{
    /// <summary>f(u) = 1 / (1 + e^-u).</summary>
    Sigmoid,

    /// <summary>f(u) = u.</summary>
    Linear,
}

/// <summary>One recorded trajectory's fixed inputs: x_t (steps x inputs, row-major) and W_0 (inputs x outputs).</summary>
/// <param name="Inputs">x_t, row t.</param>
/// <param name="InitialWeights">W_0, row i is input i.</param>
public sealed record Trajectory(double[] Inputs, double[] InitialWeights);

/// <summary>
/// The plastic network of THEORY.md section 13: y_t = f(x_t W_t) (13.1) and W_(t+1) = W_t + eta dW(x_t, y_t, W_t) under
/// the rule (13.2-13.3); and, for a fit, the forward sensitivities S_t = dW_t / dtheta (13.5-13.6), from which the
/// gradient (13.7), J^T r and J^T J of the observed outputs are accumulated without storing the trajectory.
/// </summary>
public sealed class PlasticityModel
{
    /// <summary>A weight past this size (or not finite) counts as a diverged trajectory.</summary>
    public const double DivergenceBound = 1e6;

    /// <summary>Creates the model.</summary>
    public PlasticityModel(int inputs, int outputs, Activation activation, double eta)
    {
        if (inputs < 1 || outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), "the network needs at least one input and one output.");
        }

        Guard.PositiveFinite(eta, nameof(eta));
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        Eta = eta;
    }

    /// <summary>n.</summary>
    public int Inputs { get; }

    /// <summary>m.</summary>
    public int Outputs { get; }

    /// <summary>f.</summary>
    public Activation Activation { get; }

    /// <summary>The learning rate eta (only eta theta is identifiable, so it is fixed).</summary>
    public double Eta { get; }

    /// <summary>
    /// Runs one trajectory under <paramref name="theta"/>: the outputs y_t (steps x outputs) and, with
    /// <paramref name="weights"/>, W_t for t = 0..steps (steps + 1 matrices). Returns the first step at which a weight
    /// left the bound, or -1.
    /// </summary>
    public int Simulate(double[] theta, Trajectory trajectory, int steps, double[] outputs, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(outputs);
        int n = Inputs, m = Outputs;
        var work = new ColumnWork(n, 0);
        double[] x2 = Squares(trajectory.Inputs, n, steps);
        int diverged = -1;
        for (int j = 0; j < m; j++)
        {
            work.Load(trajectory.InitialWeights, m, j);
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<double> x = trajectory.Inputs.AsSpan(t * n, n);
                if (weights is not null)
                {
                    Store(work.W, weights, t * n * m, m, j);
                }

                (outputs[(t * m) + j], _) = Output(PlasticityKernels.Dot(x, work.W));
                if (!work.Terms(this, theta, x, x2.AsSpan(t * n, n), outputs[(t * m) + j]))
                {
                    diverged = diverged < 0 ? t : Math.Min(diverged, t);
                    break;
                }

                if (t == steps - 1 && weights is not null)
                {
                    Store(work.W, weights, steps * n * m, m, j);
                }
            }
        }

        return diverged;
    }

    /// <summary>
    /// One trajectory's share of the least-squares fit: with r_tj = y_tj(theta) - target_tj over the observed units,
    /// adds sum r^2 to <paramref name="rss"/> and, unless <paramref name="jtr"/> is null, J^T r to it and J^T J to
    /// <paramref name="jtj"/> (both over the <paramref name="free"/> terms, J = dy / dtheta by 13.5-13.6; a null
    /// <paramref name="jtj"/> skips it, as a gradient step needs only J^T r). Only observed units are run: a unit's
    /// weights and outputs do not depend on the others. Returns false if the trajectory diverged (the sums are then
    /// incomplete).
    /// </summary>
    public bool Accumulate(double[] theta, int[] free, Trajectory trajectory, double[] targets, bool[] observed, int steps, double[]? jtr, double[]? jtj, ref double rss)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(free);
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(observed);
        int n = Inputs, m = Outputs, p = jtr is null ? 0 : free.Length;
        var work = new ColumnWork(n, p);
        double[] x2 = Squares(trajectory.Inputs, n, steps);
        double[] ones = new double[n];
        Array.Fill(ones, 1.0);
        int[] fb = [.. free.Select(k => PlasticityRule.Exponents(k).B)];
        var d = new double[p];
        var dy = new double[p];
        var upper = jtj is null ? null : new double[p * p];
        for (int j = 0; j < m; j++)
        {
            if (!observed[j])
            {
                continue;
            }

            work.Load(trajectory.InitialWeights, m, j);
            Array.Clear(work.S);
            Array.Clear(d);
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<double> x = trajectory.Inputs.AsSpan(t * n, n), xx = x2.AsSpan(t * n, n);
                (double y, double slope) = Output(PlasticityKernels.Dot(x, work.W));
                double r = y - targets[(t * m) + j];
                rss += r * r;
                if (jtr is not null)
                {
                    // (13.5): dy_tj / dtheta = f'(u_tj) x_t S_t[:, j, :], the reduction made in the last step's pass
                    for (int q = 0; q < p; q++)
                    {
                        dy[q] = slope * d[q];
                        jtr[q] += r * dy[q];
                    }

                    if (upper is not null)
                    {
                        for (int q = 0; q < p; q++)
                        {
                            double gq = dy[q];
                            for (int v = q; v < p; v++)
                            {
                                upper[(q * p) + v] += gq * dy[v];
                            }
                        }
                    }
                }

                if (!work.Terms(this, theta, x, xx, y))
                {
                    return false;
                }

                if (jtr is not null && t + 1 < steps)
                {
                    // (13.6) with S_t, dy_t and the terms at W_t, y_t; then x_(t+1) S_(t+1) for the next step's (13.5)
                    ReadOnlySpan<double> xNext = trajectory.Inputs.AsSpan((t + 1) * n, n);
                    for (int q = 0; q < p; q++)
                    {
                        (int a, int b, int c) = PlasticityRule.Exponents(free[q]);
                        ReadOnlySpan<double> phi = (a, c) switch
                        {
                            (0, 0) => ones,
                            (1, 0) => x,
                            (2, 0) => xx,
                            _ => work.Products.AsSpan(Product(a, c) * n, n),
                        };
                        double scale = Eta * (fb[q] switch { 0 => 1, 1 => y, _ => y * y });
                        d[q] = PlasticityKernels.SensitivityStep(work.S.AsSpan(q * n, n), phi, scale, work.GyEta, dy[q], work.GwEta, xNext);
                    }
                }
            }
        }

        if (upper is not null)
        {
            for (int q = 0; q < p; q++)
            {
                for (int v = q; v < p; v++)
                {
                    jtj![(q * p) + v] += upper[(q * p) + v];
                    if (v != q)
                    {
                        jtj[(v * p) + q] += upper[(q * p) + v];
                    }
                }
            }
        }

        return true;
    }

    // y = f(u) and f'(u)
    private (double Y, double Slope) Output(double u)
    {
        if (Activation == Activation.Sigmoid)
        {
            double v = 1 / (1 + Math.Exp(-u));
            return (v, v * (1 - v));
        }

        return (u, 1);
    }

    // Index of x^a w^c in ColumnWork.Products (a + c >= 1, c >= 1): w, w^2, x w, x w^2, x^2 w, x^2 w^2.
    private static int Product(int a, int c) => (2 * a) + c - 1;

    private static double[] Squares(double[] inputs, int n, int steps)
    {
        var x2 = new double[steps * n];
        for (int k = 0; k < x2.Length; k++)
        {
            x2[k] = inputs[k] * inputs[k];
        }

        return x2;
    }

    private static void Store(double[] column, double[] weights, int offset, int m, int j)
    {
        for (int i = 0; i < column.Length; i++)
        {
            weights[offset + (i * m) + j] = column[i];
        }
    }

    /// <summary>One unit's buffers: its weight column, the rule's products and G terms, and S[:, j, :] as p columns.</summary>
    private sealed class ColumnWork(int n, int p)
    {
        private readonly double[] coefficients = new double[PlasticityKernels.CoefficientCount];

        public double[] W { get; } = new double[n];

        public double[] Products { get; } = new double[PlasticityKernels.ProductCount * n];

        public double[] GyEta { get; } = new double[n];

        public double[] GwEta { get; } = new double[n];

        public double[] S { get; } = new double[p * n];

        public void Load(double[] initial, int m, int j)
        {
            for (int i = 0; i < W.Length; i++)
            {
                W[i] = initial[(i * m) + j];
            }
        }

        // The unit's y folded into E_ac = sum_b theta_abc y^b and F_ac = sum_b b theta_abc y^(b-1); then the kernel,
        // which also moves W to W_(t+1).
        public bool Terms(PlasticityModel model, double[] theta, ReadOnlySpan<double> x, ReadOnlySpan<double> x2, double y)
        {
            for (int a = 0; a < 3; a++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double t0 = theta[PlasticityRule.Index(a, 0, c)], t1 = theta[PlasticityRule.Index(a, 1, c)], t2 = theta[PlasticityRule.Index(a, 2, c)];
                    coefficients[(3 * a) + c] = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(t2, y, t1), y, t0);
                    coefficients[9 + (3 * a) + c] = Math.FusedMultiplyAdd(2 * t2, y, t1);
                }
            }

            return PlasticityKernels.ColumnTerms(x, x2, W, coefficients, model.Eta, DivergenceBound, Products, GyEta, GwEta);
        }
    }
}
