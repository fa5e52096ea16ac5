namespace Theory.Training;

/// <summary>Where the nonlinearities sit in a deep stochastic network (THEORY.md section 9).</summary>
public enum NetworkLayout
{
    /// <summary>The paper's text: a ReLU after every hidden layer, none on the logits.</summary>
    Text,

    /// <summary>
    /// The published code (EfficientBayes, sims-fig5.py): no nonlinearity after the first layer, a ReLU after
    /// every later one, the logits included. With no hidden layer the only layer is the first: the same as Text.
    /// </summary>
    Published,
}

/// <summary>
/// The layers of a stochastic dense network, features -> hidden[0] -> ... -> classes, and where each layer's
/// parameters sit in the flat parameter vector: layer after layer, each layer's K x D weights (row-major, output i
/// and input j at i*D + j) then its K biases. With no hidden layer this is the softmax classifier's layout.
/// </summary>
public sealed class NetworkShape
{
    /// <summary>Builds the shape; throws an ArgumentException naming a bad width.</summary>
    public NetworkShape(int features, IReadOnlyList<int>? hidden, int classes, NetworkLayout layout = NetworkLayout.Text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        hidden ??= [];
        if (hidden.Any(h => h < 1))
        {
            throw new ArgumentException($"hidden layer widths must be at least 1 (got {string.Join(",", hidden)}).", nameof(hidden));
        }

        int[] widths = [features, .. hidden, classes];
        Layers = widths.Length - 1;
        Inputs = widths[..^1];
        Outputs = widths[1..];
        WeightOffset = new int[Layers];
        BiasOffset = new int[Layers];
        long p = 0;
        for (int l = 0; l < Layers; l++)
        {
            WeightOffset[l] = checked((int)p);
            p += (long)Inputs[l] * Outputs[l];
            BiasOffset[l] = checked((int)p);
            p += Outputs[l];
        }

        Parameters = checked((int)p);
        Layout = layout;
        Hidden = [.. hidden];
    }

    /// <summary>Number of dense layers (hidden layers + 1).</summary>
    public int Layers { get; }

    /// <summary>Input width D of each layer.</summary>
    public int[] Inputs { get; }

    /// <summary>Output width K of each layer.</summary>
    public int[] Outputs { get; }

    /// <summary>Hidden widths.</summary>
    public int[] Hidden { get; }

    /// <summary>Offset of each layer's weights in the flat parameter vector.</summary>
    public int[] WeightOffset { get; }

    /// <summary>Offset of each layer's biases in the flat parameter vector.</summary>
    public int[] BiasOffset { get; }

    /// <summary>Total parameters (weights and biases of every layer).</summary>
    public int Parameters { get; }

    /// <summary>Where the nonlinearities sit.</summary>
    public NetworkLayout Layout { get; }

    /// <summary>Input features (pixels).</summary>
    public int Features => Inputs[0];

    /// <summary>Classes (logits).</summary>
    public int Classes => Outputs[^1];

    /// <summary>Widest layer input or output, for scratch buffers.</summary>
    public int MaxWidth => Math.Max(Inputs.Max(), Outputs.Max());

    /// <summary>Weights (without biases) of layer <paramref name="layer"/>.</summary>
    public int Weights(int layer) => Inputs[layer] * Outputs[layer];

    /// <summary>Whether a ReLU follows layer <paramref name="layer"/> (for the last layer: whether the logits are rectified).</summary>
    public bool ReluAfter(int layer) => Layout == NetworkLayout.Text ? layer < Layers - 1 : layer >= 1;

    /// <summary>"784 -> 100 -> 100 -> 10".</summary>
    public override string ToString() => string.Join(" -> ", [.. Inputs.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Classes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}
