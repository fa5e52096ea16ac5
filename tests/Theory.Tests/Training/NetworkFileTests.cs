using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>Network files in the three conventions: round trips, detection, layer order from the names, and refusals naming the tensor.</summary>
public class NetworkFileTests
{
    private static (NetworkShape Shape, double[] Mu, double[] Sigma) Network()
    {
        var shape = new NetworkShape(6, [4, 3], 2);
        var rng = new Theory.Stats.Xoshiro256(4);
        double[] mu = [.. Enumerable.Range(0, shape.Parameters).Select(_ => rng.NextGaussian())];
        double[] sigma = [.. Enumerable.Range(0, shape.Parameters).Select(_ => Math.Exp(-6 + rng.NextGaussian()))];
        return (shape, mu, sigma);
    }

    [Theory]
    [InlineData(NetworkConvention.Plain)]
    [InlineData(NetworkConvention.EfficientBayes)]
    [InlineData(NetworkConvention.BayesianTorch)]
    public void Each_convention_round_trips_through_a_safetensors_file(NetworkConvention convention)
    {
        (NetworkShape shape, double[] mu, double[] sigma) = Network();
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "net.safetensors");
        NetworkFile.Write(path, shape, mu, sigma, convention, new Dictionary<string, string> { ["rho"] = "2" });
        (NetworkParameters back, Dictionary<string, string> meta) = NetworkFile.Read(path, NetworkLayout.Text, null);
        Assert.Equal(convention, back.Convention);
        Assert.Equal(shape.ToString(), back.Shape.ToString());
        Assert.Equal(mu, back.Mu);
        for (int i = 0; i < sigma.Length; i++)
        {
            // plain stores sigma itself; the other two store phi = softplus^-1(sigma) and read softplus(phi)
            Assert.Equal(sigma[i], back.Sigma[i], convention == NetworkConvention.Plain ? 0 : 1e-15 * sigma[i] * 1e3);
        }

        Assert.Equal("2", meta["rho"]);
        Assert.Equal(NetworkFile.Name(convention), meta["convention"]);
    }

    [Fact]
    public void Layer_order_comes_from_the_numbers_in_the_names_not_the_key_order()
    {
        (NetworkShape shape, double[] mu, double[] sigma) = Network();
        var tensors = NetworkFile.ToTensors(shape, mu, sigma, NetworkConvention.EfficientBayes);
        tensors.Reverse();
        NamedTensor[] named = [.. tensors.Select(t => new NamedTensor(t.Name, t.Shape, t.Values, "F64"))];
        NetworkParameters back = NetworkFile.FromTensors(named, NetworkLayout.Published, null, "x");
        Assert.Equal(["linear1", "linear2", "linear3"], back.LayerNames);
        Assert.Equal(mu, back.Mu);
        Assert.Equal(NetworkLayout.Published, back.Shape.Layout);
    }

    [Fact]
    public void Bayesian_torch_prior_buffers_are_ignored_and_the_prefix_may_nest()
    {
        (NetworkShape shape, double[] mu, double[] sigma) = Network();
        var tensors = NetworkFile.ToTensors(shape, mu, sigma, NetworkConvention.BayesianTorch)
            .Select(t => new NamedTensor("model." + t.Name, t.Shape, t.Values, "F64")).ToList();
        tensors.Add(new NamedTensor("model.fc1.prior_weight_mu", [1], [0.0], "F64"));
        NetworkParameters back = NetworkFile.FromTensors(tensors, NetworkLayout.Text, null, "x");
        Assert.Equal(NetworkConvention.BayesianTorch, back.Convention);
        Assert.Equal(["model.fc1", "model.fc2", "model.fc3"], back.LayerNames);
    }

    [Theory]
    [InlineData("missing", "layer 'linear2' has no tensor 'linear2.weight_phi'")]
    [InlineData("chain", "the layers do not chain: 'linear1.weight_mu' has 4 outputs, 'linear2.weight_mu' takes 5 inputs")]
    [InlineData("negative", "tensor 'layers.0.sigma' has sigma = -1 at element 3; sigma must be above 0 and finite")]
    [InlineData("nan", "tensor 'linear1.weight_mu' has mu = NaN at element 0; mu must be finite")]
    [InlineData("none", "no tensor is named as in a known convention")]
    [InlineData("bias", "'linear1.bias_mu' and 'linear1.bias_phi' must hold 4 values")]
    public void Bad_networks_are_refused_with_one_line_naming_the_tensor(string fault, string message)
    {
        (NetworkShape shape, double[] mu, double[] sigma) = Network();
        NetworkConvention convention = fault == "negative" ? NetworkConvention.Plain : NetworkConvention.EfficientBayes;
        var t = NetworkFile.ToTensors(shape, mu, sigma, convention).Select(x => new NamedTensor(x.Name, x.Shape, x.Values, "F64")).ToList();
        switch (fault)
        {
            case "missing":
                t.RemoveAll(x => x.Name == "linear2.weight_phi");
                break;
            case "chain":
                int k = t.FindIndex(x => x.Name == "linear2.weight_mu");
                t[k] = t[k] with { Shape = [3, 5], Values = new double[15] };
                t[k + 1] = t[k + 1] with { Shape = [3, 5], Values = new double[15] };
                break;
            case "negative":
                t[1].Values[3] = -1;
                break;
            case "nan":
                t[0].Values[0] = double.NaN;
                break;
            case "none":
                t = [.. t.Select(x => x with { Name = x.Name.Replace("weight_phi", "w", StringComparison.Ordinal).Replace("weight_mu", "m", StringComparison.Ordinal) })];
                break;
            default:
                t[2] = t[2] with { Shape = [3], Values = new double[3] };
                break;
        }

        var e = Assert.Throws<InvalidDataException>(() => NetworkFile.FromTensors(t, NetworkLayout.Text, null, "net.safetensors"));
        Assert.StartsWith("net.safetensors: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
