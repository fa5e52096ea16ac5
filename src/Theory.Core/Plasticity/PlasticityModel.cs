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
    /// <paramref name="weights"/>, W_t for t = 0..steps (steps + 1 matrices). Returns the step at which a weight left
    /// the bound, or -1.
    /// </summary>
    public int Simulate(double[] theta, Trajectory trajectory, int steps, double[] outputs, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(outputs);
        int n = Inputs, m = Outputs;
        double[] w = (double[])trajectory.InitialWeights.Clone();
        int[] active = ActiveTerms(theta);
        var u = new double[m];
        for (int t = 0; t < steps; t++)
        {
            if (weights is not null)
            {
                w.CopyTo(weights, t * n * m);
            }

            ReadOnlySpan<double> x = trajectory.Inputs.AsSpan(t * n, n);
            Span<double> y = outputs.AsSpan(t * m, m);
            Forward(x, w, u, y, null);
            if (!Update(theta, active, x, y, w))
            {
                return t;
            }
        }

        if (weights is not null)
        {
            w.CopyTo(weights, steps * n * m);
        }

        return -1;
    }

    /// <summary>
    /// One trajectory's share of the least-squares fit: with r_tj = y_tj(theta) - target_tj over the observed units,
    /// adds sum r^2 to <paramref name="rss"/>, J^T r to <paramref name="jtr"/> and J^T J to <paramref name="jtj"/>
    /// (both over the <paramref name="free"/> terms, J = dy / dtheta by 13.5-13.6; a null <paramref name="jtj"/> skips
    /// it, as a gradient step needs only J^T r). Returns false if the trajectory diverged (the sums are then incomplete).
    /// </summary>
    public bool Accumulate(double[] theta, int[] free, Trajectory trajectory, double[] targets, bool[] observed, int steps, double[] jtr, double[]? jtj, ref double rss)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(free);
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(jtr);
        int n = Inputs, m = Outputs, p = free.Length;
        double[] w = (double[])trajectory.InitialWeights.Clone();
        int[] active = ActiveTerms(theta);
        var s = new double[n * m * p];
        var dy = new double[m * p];
        var u = new double[m];
        var y = new double[m];
        var slope = new double[m];
        int[] fa = [.. free.Select(k => PlasticityRule.Exponents(k).A)];
        int[] fb = [.. free.Select(k => PlasticityRule.Exponents(k).B)];
        int[] fc = [.. free.Select(k => PlasticityRule.Exponents(k).C)];
        Span<double> xa = stackalloc double[3], yb = stackalloc double[3], wc = stackalloc double[3];
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<double> x = trajectory.Inputs.AsSpan(t * n, n);
            Forward(x, w, u, y, slope);

            // (13.5): dy_tj / dtheta = f'(u_tj) sum_i x_ti S_t[i, j, :]
            Array.Clear(dy);
            for (int i = 0; i < n; i++)
            {
                double xi = x[i];
                if (xi == 0)
                {
                    continue;
                }

                ReadOnlySpan<double> row = s.AsSpan(i * m * p, m * p);
                for (int k = 0; k < row.Length; k++)
                {
                    dy[k] += xi * row[k];
                }
            }

            for (int j = 0; j < m; j++)
            {
                Span<double> g = dy.AsSpan(j * p, p);
                for (int q = 0; q < p; q++)
                {
                    g[q] *= slope[j];
                }

                if (!observed[j])
                {
                    continue;
                }

                double r = y[j] - targets[(t * m) + j];
                rss += r * r;
                for (int q = 0; q < p; q++)
                {
                    jtr[q] += r * g[q];
                }

                if (jtj is not null)
                {
                    for (int q = 0; q < p; q++)
                    {
                        double gq = g[q];
                        int rowStart = q * p;
                        for (int v = 0; v < p; v++)
                        {
                            jtj[rowStart + v] += gq * g[v];
                        }
                    }
                }
            }

            // (13.6) and (13.3), each synapse in place: S uses S_t and dy_t, W uses W_t and y_t
            xa[0] = yb[0] = wc[0] = 1;
            for (int i = 0; i < n; i++)
            {
                xa[1] = x[i];
                xa[2] = x[i] * x[i];
                for (int j = 0; j < m; j++)
                {
                    int ij = (i * m) + j;
                    double wij = w[ij];
                    yb[1] = y[j];
                    yb[2] = y[j] * y[j];
                    wc[1] = wij;
                    wc[2] = wij * wij;
                    double change = 0, gy = 0, gw = 0;
                    foreach (int k in active)
                    {
                        int a = k / 9, b = k / 3 % 3, c = k % 3;
                        double th = theta[k];
                        change += th * xa[a] * yb[b] * wc[c];
                        if (b > 0)
                        {
                            gy += th * b * xa[a] * yb[b - 1] * wc[c];
                        }

                        if (c > 0)
                        {
                            gw += th * c * xa[a] * yb[b] * wc[c - 1];
                        }
                    }

                    Span<double> sij = s.AsSpan(ij * p, p);
                    ReadOnlySpan<double> g = dy.AsSpan(j * p, p);
                    for (int q = 0; q < p; q++)
                    {
                        double phi = xa[fa[q]] * yb[fb[q]] * wc[fc[q]];
                        sij[q] += Eta * (phi + (gy * g[q]) + (gw * sij[q]));
                    }

                    double next = wij + (Eta * change);
                    if (!(Math.Abs(next) <= DivergenceBound))
                    {
                        return false;
                    }

                    w[ij] = next;
                }
            }
        }

        return true;
    }

    /// <summary>The terms with a non-zero coefficient.</summary>
    internal static int[] ActiveTerms(double[] theta) => [.. Enumerable.Range(0, PlasticityRule.Terms).Where(k => theta[k] != 0)];

    // u = x W, y = f(u), slope = f'(u)
    private void Forward(ReadOnlySpan<double> x, double[] w, double[] u, Span<double> y, double[]? slope)
    {
        int n = Inputs, m = Outputs;
        Array.Clear(u);
        for (int i = 0; i < n; i++)
        {
            double xi = x[i];
            if (xi == 0)
            {
                continue;
            }

            ReadOnlySpan<double> row = w.AsSpan(i * m, m);
            for (int j = 0; j < m; j++)
            {
                u[j] += xi * row[j];
            }
        }

        for (int j = 0; j < m; j++)
        {
            if (Activation == Activation.Sigmoid)
            {
                double v = 1 / (1 + Math.Exp(-u[j]));
                y[j] = v;
                if (slope is not null)
                {
                    slope[j] = v * (1 - v);
                }
            }
            else
            {
                y[j] = u[j];
                if (slope is not null)
                {
                    slope[j] = 1;
                }
            }
        }
    }

    // W += eta dW(x, y, W); false if a weight leaves the bound
    private bool Update(double[] theta, int[] active, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double[] w)
    {
        int n = Inputs, m = Outputs;
        Span<double> xa = stackalloc double[3], yb = stackalloc double[3], wc = stackalloc double[3];
        xa[0] = yb[0] = wc[0] = 1;
        for (int i = 0; i < n; i++)
        {
            xa[1] = x[i];
            xa[2] = x[i] * x[i];
            for (int j = 0; j < m; j++)
            {
                int ij = (i * m) + j;
                double wij = w[ij];
                yb[1] = y[j];
                yb[2] = y[j] * y[j];
                wc[1] = wij;
                wc[2] = wij * wij;
                double change = 0;
                foreach (int k in active)
                {
                    change += theta[k] * xa[k / 9] * yb[k / 3 % 3] * wc[k % 3];
                }

                double next = wij + (Eta * change);
                if (!(Math.Abs(next) <= DivergenceBound))
                {
                    return false;
                }

                w[ij] = next;
            }
        }

        return true;
    }
}
