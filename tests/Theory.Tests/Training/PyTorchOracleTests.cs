using System.Diagnostics;
using System.Text.Json;
using Theory.Data;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

/// <summary>
/// Issue 30's oracle: the published code's objective written in PyTorch (oracle/published_objective.py, Debian's python3-torch)
/// is fed Theory's initial parameters, minibatches and noise draws; its loss, every gradient and the parameters after each of
/// three Adam steps must equal Theory's to 1e-10 (normwise relative, double). This shows Theory runs the published objective,
/// independently of any statistic. It fails, never skips, when PyTorch is missing.
/// </summary>
public class PyTorchOracleTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData(12, "6,5", NetworkLayout.Published, NoiseSetting.Heterogeneous, 0.5)]
    [InlineData(12, "6,5", NetworkLayout.Published, NoiseSetting.Homogeneous, 2.0)]
    [InlineData(12, "6,5", NetworkLayout.Text, NoiseSetting.Heterogeneous, 2.0)]
    [InlineData(12, "6,5", NetworkLayout.Text, NoiseSetting.Homogeneous, 0.5)]
    [InlineData(784, "100,100", NetworkLayout.Published, NoiseSetting.Heterogeneous, 2.0)]
    [InlineData(784, "100,100", NetworkLayout.Published, NoiseSetting.Homogeneous, 0.5)]
    public void Published_objective_in_PyTorch_gives_Theorys_loss_gradients_and_Adam_steps(int pixels, string hidden, NetworkLayout layout, NoiseSetting setting, double rho)
    {
        const int n = 60, batch = 20, steps = 3;
        ImageDataSet data = NetworkTestData.Tiny(n, pixels, 31);
        int[] widths = [.. hidden.Split(',').Select(int.Parse)];

        // Costs large enough to matter against the data term at this sigma, as at the authors' middle c.
        var options = new SoftmaxTrainingOptions(rho, S: 0.05, Lambda: 3, Kappa: 0.2, BatchSize: batch, LearningRate: 1e-3, InitialSigma: 0.02,
            Seed: 5, Hidden: widths, Layout: layout, Setting: setting, CommittedHomogeneous: setting == NoiseSetting.Homogeneous);
        var model = new StochasticNetwork<double>(pixels, options);
        NetworkShape shape = model.Shape;
        string dir = Directory.CreateTempSubdirectory("oracle").FullName;
        NpyWriter.Write(Path.Combine(dir, "mu0.npy"), model.MeanValues, model.Parameters);
        NpyWriter.Write(Path.Combine(dir, "phi0.npy"), model.Phi, model.Parameters);
        double losses = 0;
        for (int t = 0; t < steps; t++)
        {
            int[] rows = [.. Enumerable.Range(t * batch, batch)];
            var x = new double[batch * pixels];
            for (int i = 0; i < batch; i++)
            {
                data.NormaliseRow(rows[i], x.AsSpan(i * pixels, pixels));
            }

            NpyWriter.Write(Path.Combine(dir, $"x{t}.npy"), x, batch, pixels);
            NpyWriter.Write(Path.Combine(dir, $"y{t}.npy"), [.. rows.Select(r => (double)data.Labels[r])], batch);
            double[] muBefore = model.MeanValues.ToArray();
            (double ce, _) = model.ComputeGradients(data, rows, n);
            NpyWriter.Write(Path.Combine(dir, $"eps{t}.npy"), model.Noise, model.Parameters);
            NpyWriter.Write(Path.Combine(dir, $"gmu{t}.npy"), model.MuGradient, model.Parameters);
            NpyWriter.Write(Path.Combine(dir, $"gphi{t}.npy"), model.PhiGradient, model.Parameters);
            (double reliability, double magnitude) = model.Costs();
            double[] sigma = model.Sigma.ToArray();
            double shared = setting == NoiseSetting.Homogeneous
                ? model.Parameters * Theory.Analytic.ReliabilityCost.Value(rho, options.S, options.Lambda, Math.Sqrt(sigma.Sum(v => v * v) / sigma.Length))
                : 0;
            double loss = ce + ((double)batch / n * (reliability + shared + magnitude));
            losses += loss;
            NpyWriter.Write(Path.Combine(dir, $"loss{t}.npy"), [loss], 1);
            Assert.Equal(muBefore, model.MeanValues.ToArray()); // the gradients leave the parameters alone
            model.AdamStep();
            NpyWriter.Write(Path.Combine(dir, $"mu{t + 1}.npy"), model.MeanValues, model.Parameters);
            NpyWriter.Write(Path.Combine(dir, $"phi{t + 1}.npy"), model.Phi, model.Parameters);
        }

        File.WriteAllText(Path.Combine(dir, "meta.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["inputs"] = shape.Inputs, ["outputs"] = shape.Outputs, ["weight_offset"] = shape.WeightOffset, ["bias_offset"] = shape.BiasOffset,
            ["rho"] = rho, ["s"] = options.S, ["lambda"] = options.Lambda, ["kappa"] = options.Kappa, ["batch"] = batch, ["train"] = n,
            ["data_scale"] = options.DataScale, ["lr"] = options.LearningRate, ["steps"] = steps,
            ["layout"] = layout == NetworkLayout.Published ? "published" : "text", ["setting"] = setting == NoiseSetting.Homogeneous ? "homogeneous" : "heterogeneous",
        }));

        string script = Path.Combine(AppContext.BaseDirectory, "oracle", "published_objective.py");
        var start = new ProcessStartInfo(Python, [script, dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process python = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        string stdout = python.StandardOutput.ReadToEnd(), stderr = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"{Python} {script} exited {python.ExitCode} (is Debian's python3-torch installed? test.sh installs it): {stderr}");
        using JsonDocument report = JsonDocument.Parse(stdout);
        foreach (string key in new[] { "loss", "grad_mu", "grad_phi", "mu", "phi" })
        {
            double[] errors = [.. report.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(steps, errors.Length);
            Assert.All(errors, e => Assert.True(e <= 1e-10, $"{key}: PyTorch and Theory differ by {e:G3} (normwise relative) at some step: {string.Join(", ", errors)}"));
        }

        double torchLosses = report.RootElement.GetProperty("loss_value").EnumerateArray().Sum(e => e.GetDouble());
        Assert.True(torchLosses > 0 && Math.Abs(torchLosses - losses) <= 1e-10 * losses, $"PyTorch {torchLosses}, Theory {losses}");
        Directory.Delete(dir, true);
    }
}
