using Theory.Analytic;
using Theory.Figures;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Figures;

public class TradeoffFigureTests
{
    [Fact]
    public void Network_figure_has_three_rows_and_a_column_per_mechanism()
    {
        var runs = new List<TradeoffRun>();
        foreach ((string m, double rho) in new[] { ("calcium", 0.5), ("rho=1.5", 1.5) })
        {
            foreach (NoiseSetting s in new[] { NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous })
            {
                foreach (double c in TradeoffSweep.LogGrid(1e-3, 1e4, 8))
                {
                    double acc = 0.92 - (0.8 * c / (c + (s == NoiseSetting.Heterogeneous ? 30 : 3)));
                    runs.Add(new TradeoffRun(m, rho, c, s, c, acc, acc + 0.01, 0.3, 0.02, 0.01 * Math.Pow(c, 0.3), 1e4 / Math.Pow(c, 0.4), 1, 0.5, 50, 1));
                }
            }
        }

        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = TradeoffFigure.Write(folder, runs);
        Assert.Equal([Path.Combine(folder, "tradeoff.png"), Path.Combine(folder, "tradeoff.svg")], written);
        FigureAssert.Png(written[0], 2 * TradeoffFigure.PanelWidth, 3 * TradeoffFigure.PanelHeight);
        FigureAssert.Svg(written[1], "heterogeneous (a sigma per synapse)", "homogeneous (one sigma)", "ln R = ln sum (1/rho)(s/sigma)^rho", "calcium (rho 0.5)", "rho=1.5", "ln RMS sigma over weights");
        Assert.Throws<ArgumentException>(() => TradeoffFigure.Write(folder, []));
    }

    [Fact]
    public void Linear_figure_draws_the_closed_forms_beside_the_fits()
    {
        LinearGaussianModel model = SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 20, Samples: 400, Seed: 4)).Model(1.0);
        var shared = new StochasticLinearRegression.Options(1, Steps: 500);
        var runs = TradeoffSweep.Tasks([("actin", 4.0 / 3)], TradeoffSweep.LogGrid(1e-3, 1e2, 4), [NoiseSetting.Heterogeneous, NoiseSetting.Homogeneous])
            .Select(t => LinearTradeoff.Run(model, shared, t)).ToList();
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = TradeoffFigure.WriteLinear(folder, runs, [LinearTradeoff.Summarise(model, runs)]);
        FigureAssert.Png(written[0], TradeoffFigure.PanelWidth, 2 * TradeoffFigure.PanelHeight);
        FigureAssert.Svg(written[1], "het, closed form L_het", "hom, trained", "ln P = ln (1/2) sum h_i sigma_i^2", "M_a/M_1 = 0.");
    }
}
