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
        string version = typeof(NetworkOutput).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        SoftmaxTrainingOptions o = result.Options;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["layout"] = result.Shape.Layout == NetworkLayout.Published ? "published" : "text",
            ["rho"] = o.Rho.ToString("R", CultureInfo.InvariantCulture),
            ["lambda"] = o.Lambda.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
            ["commit"] = version.Contains('+', StringComparison.Ordinal) ? version.Split('+')[1] : "unknown",
        };
        NetworkFile.Write(Path.Combine(folder, stem + ".safetensors"), result.Shape, result.NetworkMu, result.NetworkSigma, convention, metadata);
    }
}
