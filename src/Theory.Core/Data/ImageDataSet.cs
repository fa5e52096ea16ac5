namespace Theory.Data;

/// <summary>
/// Labelled images as model inputs: the raw pixel bytes, row-major (one row of <see cref="Features"/> per
/// image), normalised on demand as the paper did, (x/255 - 0.1307)/0.3081 in double, through a 256-entry
/// table. Keeping the bytes only (47 MB for MNIST's training set, not 376 MB of doubles) is what every
/// consumer reads anyway: training gathers a minibatch's rows, evaluation a chunk of rows at a time.
/// </summary>
public sealed class ImageDataSet
{
    /// <summary>MNIST's pixel mean on [0, 1].</summary>
    public const double PixelMean = 0.1307;

    /// <summary>Number of classes (labels 0-9).</summary>
    public const int Classes = 10;

    /// <summary>MNIST's pixel standard deviation on [0, 1].</summary>
    public const double PixelStd = 0.3081;

    /// <summary>Builds a data set from raw IDX bytes.</summary>
    /// <exception cref="ArgumentException">Image and label counts differ.</exception>
    public ImageDataSet(IdxReader.Images images, byte[] labels, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Count != labels.Length)
        {
            throw new ArgumentException($"{images.Count} images but {labels.Length} labels.", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Count = Math.Min(images.Count, limit);
        Features = images.Size;
        RawPixels = images.Pixels.AsSpan(0, Count * Features).ToArray();

        Labels = labels.AsSpan(0, Count).ToArray();
        _meanAbsoluteInput = new Lazy<double[]>(ComputeMeanAbsoluteInput);
        _inputRate = new Lazy<double[]>(ComputeInputRate);
    }

    /// <summary>The paper's normalisation (v/255 - 0.1307)/0.3081 of each byte value v, computed in double.</summary>
    public static IReadOnlyList<double> Normalisation => NormalisedValues;

    private readonly Lazy<double[]> _meanAbsoluteInput;
    private readonly Lazy<double[]> _inputRate;

    private static readonly double[] NormalisedValues = [.. Enumerable.Range(0, 256).Select(v => (v / 255.0 - PixelMean) / PixelStd)];

    // The same values rounded to float, for the --float model.
    private static readonly float[] NormalisedValuesSingle = [.. NormalisedValues.Select(v => (float)v)];

    /// <summary>
    /// Starts bringing these images' pixel rows into cache: one read per 64-byte line, whose misses the
    /// processor overlaps with the work that follows. Training calls it for the next minibatch, whose rows
    /// are scattered over 47 MB and would otherwise be fetched one miss at a time. Changes no result.
    /// </summary>
    internal void Touch(ReadOnlySpan<int> rows)
    {
        int sum = 0;
        byte[] pixels = RawPixels;
        foreach (int row in rows)
        {
            int start = row * Features;
            for (int j = start; j < start + Features; j += 64)
            {
                sum += pixels[j];
            }
        }

        _touched = sum;
    }

    // Where Touch leaves its sum: a result that is stored cannot be optimised away with the reads behind it.
    private int _touched;

    /// <summary>Writes image <paramref name="index"/>'s normalised pixels into <paramref name="destination"/>.</summary>
    public void NormaliseRow(int index, Span<double> destination)
    {
        ReadOnlySpan<byte> row = RawPixels.AsSpan(index * Features, Features);
        ReadOnlySpan<double> table = NormalisedValues;
        for (int j = 0; j < row.Length; j++)
        {
            destination[j] = table[row[j]];
        }
    }

    /// <summary>Writes image <paramref name="index"/>'s normalised pixels, rounded to float, into <paramref name="destination"/>.</summary>
    /// <remarks>
    /// A twin of the double overload rather than one generic body taking the table: passed as a parameter,
    /// the table lost the JIT's bounds-check elision on table[byte], and the epoch slowed by 5% (measured).
    /// </remarks>
    public void NormaliseRow(int index, Span<float> destination)
    {
        ReadOnlySpan<byte> row = RawPixels.AsSpan(index * Features, Features);
        ReadOnlySpan<float> table = NormalisedValuesSingle;
        for (int j = 0; j < row.Length; j++)
        {
            destination[j] = table[row[j]];
        }
    }

    /// <summary>Writes images <paramref name="start"/> to start + count - 1, normalised, into <paramref name="destination"/>, row after row.</summary>
    public void NormaliseRows(int start, int count, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        for (int n = 0; n < count; n++)
        {
            NormaliseRow(start + n, destination.Slice(n * Features, Features));
        }
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Pixels per image.</summary>
    public int Features { get; }

    /// <summary>The raw pixel bytes, Count x Features.</summary>
    public byte[] RawPixels { get; }

    /// <summary>Class labels 0-9.</summary>
    public byte[] Labels { get; }

    /// <summary>Each pixel's mean |x| over the data set (normalised inputs).</summary>
    public double[] MeanAbsoluteInput() => (double[])_meanAbsoluteInput.Value.Clone();

    /// <summary>Each pixel's input rate: the fraction of images in which it is non-zero (raw pixel &gt; 0).</summary>
    public double[] InputRate() => (double[])_inputRate.Value.Clone();

    // Computed once per data set: the runs for several rho values share one training set.
    private double[] ComputeMeanAbsoluteInput()
    {
        var mean = new double[Features];
        for (int i = 0; i < Count; i++)
        {
            ReadOnlySpan<byte> row = RawPixels.AsSpan(i * Features, Features);
            for (int j = 0; j < Features; j++)
            {
                mean[j] += Math.Abs(NormalisedValues[row[j]]);
            }
        }

        for (int j = 0; j < Features; j++)
        {
            mean[j] /= Count;
        }

        return mean;
    }

    private double[] ComputeInputRate()
    {
        var rate = new double[Features];
        for (int i = 0; i < Count; i++)
        {
            for (int j = 0; j < Features; j++)
            {
                if (RawPixels[i * Features + j] != 0)
                {
                    rate[j]++;
                }
            }
        }

        for (int j = 0; j < Features; j++)
        {
            rate[j] /= Count;
        }

        return rate;
    }
}
