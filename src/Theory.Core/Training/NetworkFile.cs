using System.Globalization;
using System.Text.RegularExpressions;
using Theory.Data;

namespace Theory.Training;

/// <summary>How a state dict names a stochastic layer's parameters.</summary>
public enum NetworkConvention
{
    /// <summary>Theory's own: layers.K.mu, layers.K.sigma, layers.K.bias_mu, layers.K.bias_sigma (K from 0).</summary>
    Plain,

    /// <summary>The authors' EfficientBayes code: linearK.weight_mu, .weight_phi, .bias_mu, .bias_phi (1 x out), sigma = softplus(phi), K from 1.</summary>
    EfficientBayes,

    /// <summary>bayesian-torch's LinearReparameterization: PREFIX.mu_weight, .rho_weight, .mu_bias, .rho_bias, sigma = log1p(exp(rho)).</summary>
    BayesianTorch,
}

/// <summary>A stochastic multilayer perceptron's parameters, as <see cref="NetworkShape"/> lays them out.</summary>
/// <param name="Shape">Layers and offsets.</param>
/// <param name="Mu">Means, flat.</param>
/// <param name="Sigma">Noise SDs, flat.</param>
/// <param name="Convention">The convention the file used.</param>
/// <param name="LayerNames">The state dict's name of each layer (its prefix).</param>
public sealed record NetworkParameters(NetworkShape Shape, double[] Mu, double[] Sigma, NetworkConvention Convention, string[] LayerNames);

/// <summary>
/// Reads and writes a stochastic network's state dict in the three conventions: layer order from the numbers in
/// the names (never the file's key order), shapes that must chain, and sigma &gt; 0 and finite, each refusal one
/// line naming the tensor (<see cref="InvalidDataException"/>).
/// </summary>
public static partial class NetworkFile
{
    /// <summary>The convention's name on the command line.</summary>
    public static string Name(NetworkConvention c) => c switch
    {
        NetworkConvention.Plain => "plain",
        NetworkConvention.EfficientBayes => "efficientbayes",
        _ => "bayesian-torch",
    };

    /// <summary>Parses a convention's name (plain, efficientbayes, bayesian-torch), or null.</summary>
    public static NetworkConvention? Parse(string name) => name switch
    {
        "plain" => NetworkConvention.Plain,
        "efficientbayes" => NetworkConvention.EfficientBayes,
        "bayesian-torch" => NetworkConvention.BayesianTorch,
        _ => null,
    };

    /// <summary>The convention the names follow, or null when none of the three fits.</summary>
    public static NetworkConvention? Detect(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        string[] all = [.. names];
        if (all.Any(n => n.EndsWith(".weight_phi", StringComparison.Ordinal)))
        {
            return NetworkConvention.EfficientBayes;
        }

        if (all.Any(n => n.EndsWith(".rho_weight", StringComparison.Ordinal)))
        {
            return NetworkConvention.BayesianTorch;
        }

        return all.Any(n => PlainName().IsMatch(n)) ? NetworkConvention.Plain : null;
    }

    /// <summary>The tensors of a network in <paramref name="convention"/>, layer by layer (weights K x D, as PyTorch's Linear).</summary>
    public static List<(string Name, int[] Shape, double[] Values)> ToTensors(NetworkShape shape, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, NetworkConvention convention)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensors = new List<(string, int[], double[])>();
        for (int l = 0; l < shape.Layers; l++)
        {
            int k = shape.Outputs[l], d = shape.Inputs[l], wo = shape.WeightOffset[l], bo = shape.BiasOffset[l];
            double[] wm = mu.Slice(wo, k * d).ToArray(), ws = sigma.Slice(wo, k * d).ToArray(), bm = mu.Slice(bo, k).ToArray(), bs = sigma.Slice(bo, k).ToArray();
            switch (convention)
            {
                case NetworkConvention.Plain:
                    tensors.Add(($"layers.{l}.mu", [k, d], wm));
                    tensors.Add(($"layers.{l}.sigma", [k, d], ws));
                    tensors.Add(($"layers.{l}.bias_mu", [k], bm));
                    tensors.Add(($"layers.{l}.bias_sigma", [k], bs));
                    break;
                case NetworkConvention.EfficientBayes:
                    tensors.Add(($"linear{l + 1}.weight_mu", [k, d], wm));
                    tensors.Add(($"linear{l + 1}.weight_phi", [k, d], [.. ws.Select(Softplus.Inverse)]));
                    tensors.Add(($"linear{l + 1}.bias_mu", [k], bm));
                    tensors.Add(($"linear{l + 1}.bias_phi", [1, k], [.. bs.Select(Softplus.Inverse)]));
                    break;
                default:
                    // bayesian-torch's sigma = log1p(exp(rho)) is the same softplus
                    tensors.Add(($"fc{l + 1}.mu_weight", [k, d], wm));
                    tensors.Add(($"fc{l + 1}.rho_weight", [k, d], [.. ws.Select(Softplus.Inverse)]));
                    tensors.Add(($"fc{l + 1}.mu_bias", [k], bm));
                    tensors.Add(($"fc{l + 1}.rho_bias", [k], [.. bs.Select(Softplus.Inverse)]));
                    break;
            }
        }

        return tensors;
    }

    /// <summary>Writes the network as a safetensors file (F64) with <paramref name="metadata"/>, atomically.</summary>
    public static void Write(string path, NetworkShape shape, ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, NetworkConvention convention, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tensors = ToTensors(shape, mu, sigma, convention);
        var all = new Dictionary<string, string>(metadata, StringComparer.Ordinal) { ["convention"] = Name(convention), ["shape"] = shape.ToString() };
        OutputFile.Write(path, stream => SafeTensors.Write(stream, tensors, all));
    }

    /// <summary>
    /// The network in <paramref name="tensors"/> under <paramref name="convention"/> (detected when null), with the
    /// ReLUs where <paramref name="layout"/> puts them. Tensors the convention does not name (bayesian-torch's prior
    /// buffers, say) are ignored.
    /// </summary>
    public static NetworkParameters FromTensors(IReadOnlyList<NamedTensor> tensors, NetworkLayout layout, NetworkConvention? convention, string source)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        string file = Guard.Quote(source);
        NetworkConvention c = convention ?? Detect(tensors.Select(t => t.Name))
            ?? throw new InvalidDataException($"{file}: no tensor is named as in a known convention (layers.K.mu, linearK.weight_phi, PREFIX.rho_weight); give --convention.");
        (string Mu, string Sigma, string BiasMu, string BiasSigma, bool Phi) parts = c switch
        {
            NetworkConvention.Plain => ("mu", "sigma", "bias_mu", "bias_sigma", false),
            NetworkConvention.EfficientBayes => ("weight_mu", "weight_phi", "bias_mu", "bias_phi", true),
            _ => ("mu_weight", "rho_weight", "mu_bias", "rho_bias", true),
        };
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor t in tensors)
        {
            if (!byName.TryAdd(t.Name, t))
            {
                throw new InvalidDataException($"{file}: tensor '{Guard.Quote(t.Name)}' appears twice.");
            }
        }

        string suffix = "." + parts.Mu;
        var layers = tensors.Where(t => t.Name.EndsWith(suffix, StringComparison.Ordinal)).Select(t => t.Name[..^suffix.Length])
            .Select(prefix => (Prefix: prefix, Number: LayerNumber(prefix))).ToList();
        if (layers.Count == 0)
        {
            throw new InvalidDataException($"{file}: no tensor PREFIX{suffix} ({Name(c)} convention).");
        }

        foreach (var group in layers.GroupBy(x => x.Number))
        {
            if (group.Key is null)
            {
                throw new InvalidDataException($"{file}: layer '{Guard.Quote(group.First().Prefix)}' has no number in its name to order it by.");
            }

            if (group.Count() > 1)
            {
                throw new InvalidDataException($"{file}: layers {string.Join(" and ", group.Select(x => Guard.Quote(x.Prefix)))} carry the same number {group.Key}.");
            }
        }

        layers = [.. layers.OrderBy(x => x.Number)];
        NamedTensor Get(string prefix, string part) => byName.TryGetValue($"{prefix}.{part}", out NamedTensor? t) ? t
            : throw new InvalidDataException($"{file}: layer '{Guard.Quote(prefix)}' has no tensor '{Guard.Quote($"{prefix}.{part}")}'.");

        var weights = new List<(NamedTensor Mu, NamedTensor Sigma, NamedTensor BiasMu, NamedTensor BiasSigma)>();
        foreach (var (prefix, _) in layers)
        {
            NamedTensor wm = Get(prefix, parts.Mu), ws = Get(prefix, parts.Sigma), bm = Get(prefix, parts.BiasMu), bs = Get(prefix, parts.BiasSigma);
            if (wm.Shape.Length != 2 || !ws.Shape.SequenceEqual(wm.Shape))
            {
                throw new InvalidDataException($"{file}: '{Guard.Quote(wm.Name)}' must be a matrix (out, in) and '{Guard.Quote(ws.Name)}' of the same shape (shapes [{string.Join(", ", wm.Shape)}] and [{string.Join(", ", ws.Shape)}]).");
            }

            int outputs = wm.Shape[0];
            if (bm.Values.Length != outputs || bs.Values.Length != outputs || bm.Shape.Count(s => s != 1) > 1 || bs.Shape.Count(s => s != 1) > 1)
            {
                throw new InvalidDataException($"{file}: '{Guard.Quote(bm.Name)}' and '{Guard.Quote(bs.Name)}' must hold {outputs} values, one per output of '{Guard.Quote(wm.Name)}'.");
            }

            weights.Add((wm, ws, bm, bs));
        }

        for (int l = 1; l < weights.Count; l++)
        {
            if (weights[l].Mu.Shape[1] != weights[l - 1].Mu.Shape[0])
            {
                throw new InvalidDataException($"{file}: the layers do not chain: '{Guard.Quote(weights[l - 1].Mu.Name)}' has {weights[l - 1].Mu.Shape[0]} outputs, '{Guard.Quote(weights[l].Mu.Name)}' takes {weights[l].Mu.Shape[1]} inputs.");
            }
        }

        var shape = new NetworkShape(weights[0].Mu.Shape[1], [.. weights.Take(weights.Count - 1).Select(w => w.Mu.Shape[0])], weights[^1].Mu.Shape[0], layout);
        var mu = new double[shape.Parameters];
        var sigma = new double[shape.Parameters];
        for (int l = 0; l < weights.Count; l++)
        {
            var (wm, ws, bm, bs) = weights[l];
            Copy(wm, mu, shape.WeightOffset[l], false);
            Copy(ws, sigma, shape.WeightOffset[l], parts.Phi);
            Copy(bm, mu, shape.BiasOffset[l], false);
            Copy(bs, sigma, shape.BiasOffset[l], parts.Phi);
        }

        void Copy(NamedTensor t, double[] target, int offset, bool softplus)
        {
            for (int i = 0; i < t.Values.Length; i++)
            {
                double v = softplus ? Softplus.Value(t.Values[i]) : t.Values[i];
                bool isSigma = softplus || ReferenceEquals(target, sigma);
                if (!double.IsFinite(v) || (isSigma && !(v > 0)))
                {
                    string what = isSigma ? (softplus ? $"gives sigma = softplus({t.Values[i].ToString("G6", CultureInfo.InvariantCulture)})" : "has sigma") : "has mu";
                    throw new InvalidDataException($"{file}: tensor '{Guard.Quote(t.Name)}' {what} = {v.ToString("G6", CultureInfo.InvariantCulture)} at element {i}; {(isSigma ? "sigma must be above 0 and finite" : "mu must be finite")}.");
                }

                target[offset + i] = v;
            }
        }

        return new NetworkParameters(shape, mu, sigma, c, [.. layers.Select(x => x.Prefix)]);
    }

    /// <summary>
    /// Reads a network file: safetensors, or numpy's .npz, told apart by the first bytes, not the name; a
    /// <paramref name="format"/> ("safetensors" or "npz") that the bytes contradict is refused.
    /// </summary>
    public static (NetworkParameters Network, Dictionary<string, string> Metadata) Read(string path, NetworkLayout layout, NetworkConvention? convention, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        bool zip = bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K';
        if (format is not null && zip != (format == "npz"))
        {
            throw new InvalidDataException($"{Guard.Quote(path)} is {(zip ? "a zip (.npz)" : "not a zip")}, not the {format} that --format names.");
        }

        (NamedTensor[] tensors, Dictionary<string, string> metadata) = zip
            ? (NpzReader.Read(bytes, path), new Dictionary<string, string>(StringComparer.Ordinal))
            : SafeTensors.Read(bytes, path);
        return (FromTensors(tensors, layout, convention, path), metadata);
    }

    // The last integer in a layer's prefix: "linear2" -> 2, "layers.0" -> 0, "model.fc3" -> 3.
    private static int? LayerNumber(string prefix)
    {
        MatchCollection m = Digits().Matches(prefix);
        return m.Count > 0 && int.TryParse(m[^1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"(^|\.)layers\.[0-9]+\.mu$")]
    private static partial Regex PlainName();
}
