using Theory.Figures;
using Theory.Synapses;
using Xunit;

namespace Theory.Tests.Figures;

public class SynapsesFigureTests
{
    [Fact]
    public void Figure_has_the_four_panels()
    {
        var options = new SynapseComparison.Options(Synapses: 10, Samples: 2000, Tau: 300, BurnIn: 200, ChainSamples: 4000);
        SynapseComparison.Result result = SynapseComparison.Run(options, [("calcium", 0.5)]);
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = SynapsesFigure.Write(folder, options, result);
        FigureAssert.Png(written[0], 4 * SynapsesFigure.PanelWidth, SynapsesFigure.PanelHeight);
        FigureAssert.Svg(written[1], "static weights", "drifting weights (tau 300)", "energy-efficient sigma*^2", "Langevin covariance error", "slope -1/2 (1/sqrt(ESS))", "calcium");
    }
}
