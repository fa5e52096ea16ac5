using Theory.Figures;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Figures;

public class SlopeFigureTests
{
    private static (SoftmaxResult[] Results, SlopeRow[] Rows) SmallRuns(int[] hidden)
    {
        var data = Training.NetworkTestData.Tiny(200, 12, 4);
        SoftmaxResult[] results = [.. new[] { 0.5, 2.0 }.Select(rho =>
            SoftmaxExperiment.Run(data, data, new SoftmaxTrainingOptions(rho, Epochs: 1, FisherEpochs: 1, BatchSize: 10, LearningRate: 1e-3, InitialSigma: 1e-2, Hidden: hidden, Seed: 3)))];
        int layers = results[0].Layers.Length;
        SlopeRow[] rows = [.. Enumerable.Range(0, layers).SelectMany(l => results.Select((r, i) => SlopeAnalysis.Analyze(r, l, i == 0 ? "calcium" : "trafficking", 1)))];
        return (results, rows);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 8 })]
    public void Figure_is_written_as_a_png_of_the_stated_size_that_is_not_blank_and_an_svg_with_its_labels(int[] hidden)
    {
        (SoftmaxResult[] results, SlopeRow[] rows) = SmallRuns(hidden);
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = SlopeFigure.Write(folder, results, rows);
        Assert.Equal([.. new[] { "slopes_hessian", "slopes_learning_rate", "slopes_input_rate", "slopes_convergence" }.SelectMany(stem => new[] { Path.Combine(folder, stem + ".png"), Path.Combine(folder, stem + ".svg") })], written);
        Assert.Contains("learning rate)", File.ReadAllText(written[3]), StringComparison.Ordinal);
        Assert.Contains("ln (fraction of", File.ReadAllText(written[5]), StringComparison.Ordinal);
        Assert.Contains("change of ln sigma per epoch", File.ReadAllText(written[7]), StringComparison.Ordinal);

        FigureAssert.Png(written[0], 2 * SlopeFigure.PanelWidth, (hidden.Length + 1) * SlopeFigure.PanelHeight);
        FigureAssert.Png(written[6], 2 * SlopeFigure.PanelWidth, (hidden.Length + 1) * SlopeFigure.PanelHeight);
        FigureAssert.Svg(written[1], "ln H (exact Hessian diagonal)", "ln sigma^2", "trafficking");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    [Fact]
    public void No_runs_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SlopeFigure.Write(Directory.CreateTempSubdirectory().FullName, [], []));
    }
}
