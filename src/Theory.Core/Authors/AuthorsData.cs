using System.Reflection;
using Theory.Data;
using Theory.Training;

namespace Theory.Authors;

/// <summary>One point of the authors' Figure 2-3 arrays: a network trained at (rho, c) in one noise setting.</summary>
/// <param name="Version">"v1" (commit 12ae864, the arrays the paper's figures show) or "v2" (the current head).</param>
/// <param name="Rho">Cost exponent.</param>
/// <param name="C">Cost coefficient c: v1's grid 10^(-3 + k/4) is recovered exactly from its arrays; v2's 10^(-4 + k/4) is inferred.</param>
/// <param name="Setting">Heterogeneous (even columns) or homogeneous (odd columns).</param>
/// <param name="AccuracySampled">Test accuracy, fraction (the arrays store percent), one weight sample per 20 test images.</param>
/// <param name="RmsSigma">sqrt(sum sigma_i^2 / 89,400) over the weights.</param>
/// <param name="Stored">The rel_arr entry as stored: v1 (20/60000) c sum sigma^-rho, v2 sum (1/rho) sigma^-rho.</param>
/// <param name="NegativeLogLikelihood">loss_arr: mean test NLL per image with sampled weights.</param>
public sealed record AuthorsTradeoffPoint(string Version, double Rho, double C, NoiseSetting Setting, double AccuracySampled, double RmsSigma, double Stored, double NegativeLogLikelihood)
{
    /// <summary>c sum sigma^-rho, the cost the run paid (v1: rel_arr x 60000/20; v2: rel_arr x c rho with the inferred c).</summary>
    public double Cost => Version == "v1" ? Stored * 60000 / 20 : Stored * C * Rho;
}

/// <summary>One layer of one of the authors' Figure 5 networks (s = 1e-3, c = s^rho / rho), weight by weight.</summary>
/// <param name="Rho">Cost exponent.</param>
/// <param name="Layer">0 (784 -> 100), 1 (100 -> 100) or 2 (100 -> 10).</param>
/// <param name="Variance">sigma^2 per weight, (out, in) row-major.</param>
/// <param name="Fisher">Their "hessian": the squared minibatch gradient of mu summed over 10 epochs, / 600,000.</param>
/// <param name="MeanAbsGradient">Their lr_list: the same with |g|; their learning rate is 1e-4 / this.</param>
/// <param name="InputRate">Per input unit: layer 0 the summed |normalised pixel| / 60,000 as stored, later layers the mean over the
/// stored minibatch's 20 rows of the presynaptic activation.</param>
/// <param name="Inputs">Input width.</param>
public sealed record AuthorsLayer(double Rho, int Layer, double[] Variance, double[] Fisher, double[] MeanAbsGradient, double[] InputRate, int Inputs);

/// <summary>
/// The authors' own published result arrays (JamesMalkin/EfficientBayes, CC BY 4.0; data/authors/README.md has their
/// provenance and quirks), shipped in data/authors and built into the library.
/// </summary>
public static class AuthorsData
{
    /// <summary>The credit line every output drawn from these arrays carries.</summary>
    public const string Attribution = "Malkin, O'Donnell, Houghton & Aitchison 2024, github.com/JamesMalkin/EfficientBayes, CC BY 4.0";

    /// <summary>The four exponents, in the arrays' order (calcium, membrane, actin, trafficking).</summary>
    public static readonly double[] Rhos = [0.5, 2.0 / 3, 4.0 / 3, 2];

    /// <summary>Figure 5's layer widths: inputs and outputs.</summary>
    public static readonly (int In, int Out)[] Figure5Layers = [(784, 100), (100, 100), (100, 10)];

    /// <summary>The c of grid point k: v1 10^(-3 + k/4) (k 0..28), v2 10^(-4 + k/4) (k 0..29, inferred).</summary>
    public static double GridC(string version, int k) => Math.Pow(10, (version == "v1" ? -3 : -4) + (k / 4.0));

    /// <summary>Every point of one version's Figure 2-3 arrays, rho by rho, then c ascending, heterogeneous first.</summary>
    public static List<AuthorsTradeoffPoint> Tradeoff(string version)
    {
        if (version is not ("v1" or "v2"))
        {
            throw new ArgumentException($"version must be v1 or v2 (got '{version}').", nameof(version));
        }

        (double[] acc, int[] shape) = Array($"fig2and3-{version}/accs_arr.npy");
        double[] sig = Array($"fig2and3-{version}/sig_arr.npy").Values;
        double[] rel = Array($"fig2and3-{version}/rel_arr.npy").Values;
        double[] loss = Array($"fig2and3-{version}/loss_arr.npy").Values;
        int columns = shape[1];
        var points = new List<AuthorsTradeoffPoint>();
        for (int p = 0; p < shape[0]; p++)
        {
            for (int k = 0; k < columns / 2; k++)
            {
                foreach (NoiseSetting setting in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
                {
                    int i = (p * columns) + (2 * k) + (setting == NoiseSetting.Homogeneous ? 1 : 0);
                    points.Add(new AuthorsTradeoffPoint(version, Rhos[p], GridC(version, k), setting, acc[i] / 100, sig[i], rel[i], loss[i]));
                }
            }
        }

        return points;
    }

    /// <summary>The point at (rho, c, setting) of v1, the version the paper shows, or null where the grid has none (c within 1e-9 relative).</summary>
    public static AuthorsTradeoffPoint? At(double rho, double c, NoiseSetting setting) =>
        Tradeoff("v1").FirstOrDefault(p => Math.Abs(p.Rho - rho) < 1e-9 && Math.Abs(p.C - c) <= 1e-9 * c && p.Setting == setting);

    /// <summary>Layer <paramref name="layer"/> of the Figure 5 network at exponent index <paramref name="rhoIndex"/> (into <see cref="Rhos"/>).</summary>
    public static AuthorsLayer Figure5(int rhoIndex, int layer)
    {
        int i = (3 * rhoIndex) + layer;
        (int inputs, _) = Figure5Layers[layer];
        double[] x = Array($"fig5/x_{i}.npy").Values;
        double[] rate = x;
        if (layer > 0)
        {
            // (20, 100): one minibatch's presynaptic activations; the rate is the mean over the 20 rows.
            rate = new double[inputs];
            int rows = x.Length / inputs;
            for (int n = 0; n < rows; n++)
            {
                for (int j = 0; j < inputs; j++)
                {
                    rate[j] += x[(n * inputs) + j] / rows;
                }
            }
        }

        return new AuthorsLayer(Rhos[rhoIndex], layer, Array($"fig5/var_list_{i}.npy").Values, Array($"fig5/hessian_list_{i}.npy").Values,
            Array($"fig5/lr_list_{i}.npy").Values, rate, inputs);
    }

    private static (double[] Values, int[] Shape) Array(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Theory.Authors." + name)
            ?? throw new InvalidOperationException($"the authors' array {name} is not built into the library.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return NpyReader.Read(memory.ToArray(), "data/authors/" + name);
    }
}
