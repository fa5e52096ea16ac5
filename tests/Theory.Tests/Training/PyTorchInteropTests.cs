using System.Diagnostics;
using System.Text.Json;
using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>
/// Issue 32's proof with the real thing (oracle/interop.py, Debian's python3-torch): a network Theory trained is
/// written in each convention, PyTorch modules of those conventions load each file with a strict load_state_dict,
/// and their mean-weight logits equal Theory's; then PyTorch perturbs the network, saves it as safetensors (bytes
/// written by hand) and with numpy.savez, and Theory reads both to the same parameters.
/// </summary>
public class PyTorchInteropTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData(NetworkLayout.Text)]
    [InlineData(NetworkLayout.Published)]
    public void PyTorch_loads_every_convention_and_Theory_reads_what_PyTorch_saves(NetworkLayout layout)
    {
        ImageDataSet train = NetworkTestData.Tiny(300, 784, 41), test = NetworkTestData.Tiny(50, 784, 42);
        var options = new SoftmaxTrainingOptions(2, Epochs: 2, BatchSize: 20, LearningRate: 1e-3, Seed: 3, Hidden: [16], Layout: layout, FisherEpochs: 1);
        SoftmaxResult result = SoftmaxExperiment.Run(train, test, options);
        NetworkShape shape = result.Shape;
        string dir = Directory.CreateTempSubdirectory("interop").FullName;
        foreach (NetworkConvention c in Enum.GetValues<NetworkConvention>())
        {
            NetworkFile.Write(Path.Combine(dir, NetworkFile.Name(c) + ".safetensors"), shape, result.NetworkMu, result.NetworkSigma, c, new Dictionary<string, string>());
        }

        var images = new double[test.Count * 784];
        test.NormaliseRows(0, test.Count, images);
        NpyWriter.Write(Path.Combine(dir, "images.npy"), images, test.Count, 784);
        File.WriteAllText(Path.Combine(dir, "meta.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["widths"] = (int[])[.. shape.Inputs, shape.Classes], ["layout"] = layout == NetworkLayout.Published ? "published" : "text",
        }));

        string script = Path.Combine(AppContext.BaseDirectory, "oracle", "interop.py");
        var start = new ProcessStartInfo(Python, [script, dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process python = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        string stdout = python.StandardOutput.ReadToEnd(), stderr = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"{Python} {script} exited {python.ExitCode} (is Debian's python3-torch installed? test.sh installs it): {stderr}");
        using JsonDocument report = JsonDocument.Parse(stdout);
        Assert.Equal("efficientbayes", report.RootElement.GetProperty("efficientbayes").GetString());

        double[] theory = NetworkMeasurements.LogitsWithMeanWeights(shape, result.NetworkMu, test);
        double scale = Math.Sqrt(theory.Sum(v => v * v));
        Assert.True(scale > 0);
        foreach (NetworkConvention c in Enum.GetValues<NetworkConvention>())
        {
            (double[] torch, int[] dims) = NpyReader.Read(Path.Combine(dir, $"logits_{NetworkFile.Name(c)}.npy"));
            Assert.Equal([test.Count, shape.Classes], dims);
            double diff = Math.Sqrt(torch.Zip(theory, (a, b) => (a - b) * (a - b)).Sum());
            Assert.True(diff <= 1e-12 * scale, $"{NetworkFile.Name(c)}: PyTorch's logits differ from Theory's by {diff / scale:G3} (normwise relative)");
        }

        (NetworkParameters st, Dictionary<string, string> meta) = NetworkFile.Read(Path.Combine(dir, "perturbed.safetensors"), layout, null);
        (NetworkParameters npz, _) = NetworkFile.Read(Path.Combine(dir, "perturbed.npz"), layout, null);
        Assert.Equal("interop.py", meta["source"]);
        Assert.Equal(NetworkConvention.EfficientBayes, npz.Convention);
        Assert.Equal(st.Mu, npz.Mu);
        Assert.Equal(st.Sigma, npz.Sigma);
        Assert.Equal(shape.ToString(), npz.Shape.ToString());
        double moved = Math.Sqrt(st.Mu.Zip(result.NetworkMu, (a, b) => (a - b) * (a - b)).Sum() / st.Mu.Length);
        Assert.InRange(moved, 0.009, 0.011); // the script's perturbation, 0.01 N(0, 1) per parameter

        // What `theory import` prints for each file: the same per-layer rows, both equal to Theory's own measurement
        // of the parameters PyTorch wrote.
        SlopeRow[] Table(NetworkParameters p)
        {
            SoftmaxTrainingOptions o = options with { Hidden = p.Shape.Hidden, AverageEpochs = 0 };
            SoftmaxResult r = SoftmaxExperiment.Measure(SoftmaxExperiment.FromParameters(train, o, p.Mu, p.Sigma), train, test, o);
            return [.. Enumerable.Range(0, r.Shape.Layers).Select(l => SlopeAnalysis.Analyze(r, l, "rho=2", 3))];
        }

        SlopeRow[] fromSafetensors = Table(st), fromNpz = Table(npz);
        var direct = new NetworkParameters(shape, [.. st.Mu], [.. st.Sigma], NetworkConvention.Plain, []);
        foreach (SlopeRow[] other in new[] { fromNpz, Table(direct) })
        {
            for (int l = 0; l < shape.Layers; l++)
            {
                Assert.Equal(fromSafetensors[l].SlopeHessian, other[l].SlopeHessian);
                Assert.Equal(fromSafetensors[l].SlopeFisher, other[l].SlopeFisher);
                Assert.Equal(fromSafetensors[l].Accuracy, other[l].Accuracy);
                Assert.Equal(fromSafetensors[l].Level, other[l].Level);
            }
        }

        Assert.All(fromSafetensors, r => Assert.True(double.IsFinite(r.SlopeHessian) && double.IsNaN(r.SlopeLearningRate)));
        Directory.Delete(dir, true);
    }
}
