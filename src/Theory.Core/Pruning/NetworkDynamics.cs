using Theory.Stats;

namespace Theory.Pruning;

/// <summary>
/// Euler-Maruyama for (14.1), x_(t+dt) = x_t + dt (A x_t + b) + noise sqrt(dt) xi, with A in compressed rows: the full
/// and the pruned networks driven by the same input b and the same noise draws, and the long unit-noise run whose
/// sample covariance checks the Lyapunov solution of an asymmetric A.
/// </summary>
public static class NetworkDynamics
{
    /// <summary>
    /// Runs every A from x = 0 with the same b and noise; returns the times sampled and, per pruned network
    /// (<paramref name="networks"/>[1..]), ||x_p(t) - x(t)|| / ||x(t)|| against the first.
    /// </summary>
    public static (double[] Times, double[][] RelativeErrors) Response(IReadOnlyList<double[]> networks, int n, double[] input, double dt, int steps, double noise,
        int samples, ulong seed, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(input);
        Sparse[] a = [.. networks.Select(m => Sparse.From(m, n))];
        double[][] x = [.. networks.Select(_ => new double[n])];
        double[] next = new double[n], xi = new double[n];
        int every = Math.Max(1, steps / samples);
        var times = new List<double>();
        double[][] errors = [.. Enumerable.Range(1, networks.Count - 1).Select(_ => new double[steps / every])];
        var rng = new Xoshiro256(seed);
        double scale = noise * Math.Sqrt(dt);
        for (int t = 1; t <= steps; t++)
        {
            rng.FillGaussian(xi);
            for (int k = 0; k < a.Length; k++)
            {
                a[k].Multiply(x[k], next);
                double[] xk = x[k];
                for (int i = 0; i < n; i++)
                {
                    xk[i] += (dt * (next[i] + input[i])) + (scale * xi[i]);
                }
            }

            if (t % every == 0 && times.Count < errors[0].Length)
            {
                double norm = Math.Sqrt(x[0].Sum(v => v * v));
                for (int k = 1; k < a.Length; k++)
                {
                    double diff = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double d = x[k][i] - x[0][i];
                        diff += d * d;
                    }

                    errors[k - 1][times.Count] = Math.Sqrt(diff) / norm;
                }

                times.Add(t * dt);
                progress?.Invoke((double)t / steps);
            }
        }

        return ([.. times], errors);
    }

    /// <summary>
    /// The sample covariance of a unit-noise run of dx = A x dt + dW (started at 0, the first tenth discarded), in
    /// <paramref name="batches"/> consecutive batches: returns each batch's covariance and the whole run's. Sampled every
    /// <paramref name="thin"/> steps.
    /// </summary>
    public static (double[] Whole, double[][] Batches) SampleCovariance(double[] a, int n, double dt, int steps, int thin, int batches, ulong seed, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        Sparse sparse = Sparse.From(a, n);
        double[] x = new double[n], next = new double[n], xi = new double[n];
        var rng = new Xoshiro256(seed);
        double scale = Math.Sqrt(dt);
        int burn = steps / 10;
        int kept = (steps - burn) / thin;
        int perBatch = Math.Max(1, kept / batches);
        double[][] sums = [.. Enumerable.Range(0, batches).Select(_ => new double[n * n])];
        int[] counts = new int[batches];
        for (int t = 1; t <= steps; t++)
        {
            rng.FillGaussian(xi);
            sparse.Multiply(x, next);
            for (int i = 0; i < n; i++)
            {
                x[i] += (dt * next[i]) + (scale * xi[i]);
            }

            if (t > burn && (t - burn) % thin == 0)
            {
                int b = Math.Min(batches - 1, (((t - burn) / thin) - 1) / perBatch);
                double[] sum = sums[b];
                for (int i = 0; i < n; i++)
                {
                    double xiValue = x[i];
                    int row = i * n;
                    for (int j = 0; j < n; j++)
                    {
                        sum[row + j] += xiValue * x[j];
                    }
                }

                counts[b]++;
                if (progress is not null && t % (thin * 64) == 0)
                {
                    progress((double)t / steps);
                }
            }
        }

        var whole = new double[n * n];
        for (int b = 0; b < batches; b++)
        {
            for (int k = 0; k < whole.Length; k++)
            {
                whole[k] += sums[b][k];
                sums[b][k] /= counts[b];
            }
        }

        int total = counts.Sum();
        for (int k = 0; k < whole.Length; k++)
        {
            whole[k] /= total;
        }

        return (whole, sums);
    }

    /// <summary>A in compressed sparse rows.</summary>
    private sealed class Sparse
    {
        private int[] _start = [];
        private int[] _column = [];
        private double[] _value = [];

        public static Sparse From(double[] dense, int n)
        {
            var start = new int[n + 1];
            var column = new List<int>();
            var value = new List<double>();
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double v = dense[(i * n) + j];
                    if (v != 0)
                    {
                        column.Add(j);
                        value.Add(v);
                    }
                }

                start[i + 1] = column.Count;
            }

            return new Sparse { _start = start, _column = [.. column], _value = [.. value] };
        }

        public void Multiply(double[] x, double[] y)
        {
            for (int i = 0; i < y.Length; i++)
            {
                double sum = 0;
                for (int k = _start[i]; k < _start[i + 1]; k++)
                {
                    sum += _value[k] * x[_column[k]];
                }

                y[i] = sum;
            }
        }
    }
}
