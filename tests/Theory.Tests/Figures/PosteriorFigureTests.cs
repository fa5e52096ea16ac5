using Theory.Figures;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Figures;

public class PosteriorFigureTests
{
    [Fact]
    public void Figure_has_a_panel_per_mechanism_and_the_two_slope_panels()
    {
        var data = Theory.Tests.Training.NetworkTestData.Tiny(300, 10, 3);
        var shared = new SoftmaxTrainingOptions(1, Epochs: 3, FisherEpochs: 1, LearningRate: 3e-3, InitialSigma: 0.02, Seed: 2);
        PosteriorComparison.Result r = PosteriorComparison.Run(data, data, shared, [("calcium", 0.5, 0.01), ("calcium", 0.5, 0.1), ("trafficking", 2, 0.01)], 2);
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = PosteriorFigure.Write(folder, r);
        FigureAssert.Png(written[0], 4 * PosteriorFigure.PanelWidth, PosteriorFigure.PanelHeight);
        FigureAssert.Svg(written[1], "ln v (variational Bayes)", "fitted slope against rho (Figure 7b)", "fitted slope against c (Figure 7c)", "trafficking, c 0.01", "2/(2+rho) = 0.800");
    }
}
