using Theory.Experimental;
using Theory.Figures;
using Xunit;

namespace Theory.Tests.Figures;

public class DataFigureTests
{
    [Fact]
    public void Both_data_figures_are_written_with_their_labels_and_credit()
    {
        (KoData ko, var sets) = ExperimentalData.ShippedSets();
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] koFiles = DataFigure.WriteKo(folder, DataAnalysis.Ko(ko, 1), ExperimentalData.KoCredit);
        string[] sjFiles = DataFigure.WriteSjostrom(folder, DataAnalysis.Sjostrom(sets, 1), ExperimentalData.SjostromCredit);
        Assert.Equal(Path.Combine(folder, "data_ko2013.png"), koFiles[0]);
        Assert.Equal(Path.Combine(folder, "data_sjostrom.svg"), sjFiles[1]);
        FigureAssert.Png(koFiles[0], 2 * DataFigure.PanelWidth, DataFigure.PanelHeight);
        FigureAssert.Png(sjFiles[0], DataFigure.PanelWidth + (DataFigure.PanelWidth / 3), DataFigure.PanelHeight + (DataFigure.PanelHeight / 6));
        FigureAssert.Svg(koFiles[1], "ln r (inferred presynaptic rate, foopsi)", "normalised variability", "static Bayesian: -1.00", "energy-efficient, -0.80 to -0.50", "CC BY 4.0");
        FigureAssert.Svg(sjFiles[1], "ln CV before plasticity", "ln dw_rel", "LTP: 30 recordings", "LTD: 14 recordings", "Bayesian (eta ~ s^2): 2.00", "Schug");
    }
}
