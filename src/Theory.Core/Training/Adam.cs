namespace Theory.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction, over one flat parameter vector of double (the default) or
/// float. One instance per parameter group so that groups can have their own learning rates.
/// </summary>
public sealed class Adam : Adam<double>
{
    /// <summary>Creates the optimiser state for <paramref name="size"/> parameters.</summary>
    public Adam(int size, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(size, beta1, beta2, epsilon)
    {
    }
}

/// <summary>Adam over parameters of type <typeparamref name="T"/> (double or float).</summary>
/// <typeparam name="T">The parameters' floating-point type.</typeparam>
public class Adam<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Kernels.AlignedArray<T> _m;
    private readonly Kernels.AlignedArray<T> _v;

    /// <summary>Creates the optimiser state for <paramref name="size"/> parameters.</summary>
    public Adam(int size, double beta1, double beta2, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentException($"beta1 must lie in [0, 1) (got {Guard.Format(beta1)}).", nameof(beta1));
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentException($"beta2 must lie in [0, 1) (got {Guard.Format(beta2)}).", nameof(beta2));
        }

        Guard.PositiveFinite(epsilon, nameof(epsilon));
        _m = new Kernels.AlignedArray<T>(size);
        _v = new Kernels.AlignedArray<T>(size);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator floor.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Number of parameters.</summary>
    public int Size => _m.Length;

    /// <summary>theta -= lr * mhat / (sqrt(vhat) + eps), after folding in <paramref name="gradient"/>.</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        Guard.SameLength(Size, parameters.Length, nameof(parameters));
        Guard.SameLength(Size, gradient.Length, nameof(gradient));
        StepRange(parameters, gradient, Advance(learningRate), 0, Size);
    }

    /// <summary>Counts one step and returns its coefficients, for <see cref="StepRange"/> over parts of the parameters.</summary>
    public Kernels.AdamCoefficients Advance(double learningRate)
    {
        Steps++;
        double c1 = 1 / (1 - Math.Pow(Beta1, Steps));
        double c2 = 1 / (1 - Math.Pow(Beta2, Steps));
        return new Kernels.AdamCoefficients(Beta1, Beta2, Epsilon, learningRate, c1, c2);
    }

    /// <summary>
    /// The step <paramref name="k"/> (from <see cref="Advance"/>) for parameters [start, start + length) only: element-wise, so
    /// splitting the parameters into ranges (one per thread) gives the bits of one whole step.
    /// </summary>
    public void StepRange(Span<T> parameters, ReadOnlySpan<T> gradient, Kernels.AdamCoefficients k, int start, int length) =>
        Kernels.AdamKernel.Step(parameters.Slice(start, length), gradient.Slice(start, length), _m.Span.Slice(start, length), _v.Span.Slice(start, length), k);

    /// <summary>
    /// Adam's per-parameter learning rate lr / (sqrt(vhat) + eps) with the current second moment.
    /// </summary>
    public double[] EffectiveLearningRates(double learningRate)
    {
        if (Steps == 0)
        {
            throw new InvalidOperationException("no step taken yet.");
        }

        double c2 = 1 / (1 - Math.Pow(Beta2, Steps));
        var rates = new double[Size];
        for (int i = 0; i < rates.Length; i++)
        {
            rates[i] = learningRate / (Math.Sqrt(double.CreateTruncating(_v.Span[i]) * c2) + Epsilon);
        }

        return rates;
    }
}
