using System.Globalization;
using System.Reflection;
using Theory.Training;

namespace Theory.Cli;

/// <summary>Writes trained networks into an --out folder as safetensors files, in the --save-as convention.</summary>
internal static class NetworkOutput
{
    /// <summary>
    /// FOLDER/STEM.safetensors for one trained run, with the metadata a reader needs to rebuild it: the layout (a
    /// state dict does not hold where the ReLUs are), rho, lambda, seed, and the commit that trained it.
    /// </summary>
    public static void Write(string folder, string stem, SoftmaxResult result, NetworkConvention convention)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(folder, stem, result.Shape, result.NetworkMu, result.NetworkSigma, result.Options, convention);
    }

    /// <summary>The same for a network given by its parameters and options; <paramref name="extra"/> joins the metadata (tradeoff's c and setting).</summary>
    public static void Write(string folder, string stem, NetworkShape shape, double[] mu, double[] sigma, SoftmaxTrainingOptions o, NetworkConvention convention,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(shape);
        string version = typeof(NetworkOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["layout"] = shape.Layout == NetworkLayout.Published ? "published" : "text",
            ["rho"] = o.Rho.ToString("R", CultureInfo.InvariantCulture),
            ["lambda"] = o.Lambda.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
            ["commit"] = version.Contains('+', StringComparison.Ordinal) ? version.Split('+')[1] : "unknown",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            metadata[k] = v;
        }

        NetworkFile.Write(Path.Combine(folder, stem + ".safetensors"), shape, mu, sigma, convention, metadata);
    }
}
