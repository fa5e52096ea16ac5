using Theory.Analytic;
using Theory.Bound;
using Theory.Figures;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Figures;

public class LinearAndBoundFigureTests
{
    private static readonly LinearGaussianModel Model =
        SyntheticLinearData.Generate(new SyntheticLinearData.Options(Synapses: 30, Samples: 300, Seed: 2)).Model(1.0);

    [Fact]
    public void Linear_figure_has_a_column_per_mechanism_and_two_rows()
    {
        LinearExperiment.Row[] rows = [.. new[] { 0.5, 2.0, 1.0 }.Select(rho =>
            LinearExperiment.Run(Model, rho == 0.5 ? "calcium" : $"rho={rho}", new StochasticLinearRegression.Options(rho, Steps: 100), 10, 1))];
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = LinearFigure.Write(folder, rows);
        Assert.Equal([Path.Combine(folder, "linear_noise.png"), Path.Combine(folder, "linear_noise.svg")], written);
        FigureAssert.Png(written[0], 3 * LinearFigure.PanelWidth, 2 * LinearFigure.PanelHeight);
        FigureAssert.Svg(written[1], "ln A_ii", "ln v_MF", "ln sigma^2", "closed form sigma*^2", "calcium (rho 0.5)", "rho=2");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
        Assert.Throws<ArgumentException>(() => LinearFigure.Write(folder, []));
    }

    [Fact]
    public void Gap_figure_shows_the_curves_and_the_scan()
    {
        var grid = new GapScan.Grid(RhoMin: 1e-3, RhoMax: 3, RhoCount: 12, SCount: 5, SigmaCount: 50);
        GapScan.Result result = GapScan.Run(grid);
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = BoundFigure.WriteGap(folder, grid, result);
        FigureAssert.Png(written[0], 2 * BoundFigure.PanelWidth, BoundFigure.PanelHeight);
        FigureAssert.Svg(written[1], "ln (sigma / s)", "ln g", "ln rho", "rho = 1.333", "3,000 points: no g &lt; 0");
    }

    [Fact]
    public void Elbo_figure_shows_every_mechanism()
    {
        double[] mu = Posterior.Mean(Model.Gram, Model.Moment, Model.SigmaY, 10);
        LinearElboRow[] rows = [.. Mechanisms.All.Select(m =>
        {
            double[] sigma = Model.OptimalSigmas(m.Rho(), 1e-3, 1);
            return new LinearElboRow(m.Name(), m.Rho(), 1e-3, sigma, LinearElbo.Terms(Model, mu, sigma, 10, 100, m.Rho(), 1e-3));
        })];
        string folder = Directory.CreateTempSubdirectory().FullName;
        string[] written = BoundFigure.WriteElbo(folder, rows);
        Assert.Equal(Path.Combine(folder, "bound_elbo.png"), written[0]);
        FigureAssert.Png(written[0], 2 * BoundFigure.PanelWidth, BoundFigure.PanelHeight);
        FigureAssert.Svg(written[1], "-ELBO (Gaussian prior)", "biological bound", "trafficking (2)", "ln (sigma* / s)");
        Assert.Throws<ArgumentException>(() => BoundFigure.WriteElbo(folder, []));
    }
}
