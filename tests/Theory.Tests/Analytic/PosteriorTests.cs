using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using Theory.Analytic;
using Theory.Stats;
using Xunit;

namespace Theory.Tests.Analytic;

public class PosteriorTests
{
    private static Matrix<double> RandomDesign(ulong seed, int n, int d)
    {
        var rng = new Xoshiro256(seed);
        // Correlated columns: a shared component makes the off-diagonal of A matter.
        return Matrix<double>.Build.Dense(n, d, (t, i) => rng.NextGaussian() + (i % 2 == 0 ? 0.5 : -0.3) * Math.Sin(t));
    }

    [Property(MaxTest = 60)]
    public Property Exact_marginals_equal_brute_force_inversion_and_bound_mean_field_from_above() =>
        Prop.ForAll((from seed in Gen.Choose(1, int.MaxValue)
                     from d in Gen.Choose(1, 12)
                     from sigmaY in Ranges.LogUniform(1e-2, 1e2)
                     from sigma0 in Ranges.LogUniform(1e-2, 1e3)
                     select (seed, d, sigmaY, sigma0)).ToArbitrary(), p =>
        {
            Matrix<double> x = RandomDesign((ulong)p.seed, 3 * p.d, p.d);
            Matrix<double> gram = x.TransposeThisAndMultiply(x);
            double[] exact = Posterior.ExactMarginalVariances(gram, p.sigmaY, p.sigma0);
            Matrix<double> inverse = Posterior.Precision(gram, p.sigmaY, p.sigma0).Inverse();
            double[] meanField = Posterior.MeanFieldVariances(gram.Diagonal().ToArray(), p.sigmaY, p.sigma0);
            bool ok = true;
            string detail = string.Empty;
            for (int i = 0; i < p.d; i++)
            {
                double rel = Math.Abs(exact[i] / inverse[i, i] - 1);
                if (rel > 1e-9 || meanField[i] > exact[i] * (1 + 1e-12))
                {
                    ok = false;
                    detail = $"i={i}: exact {exact[i]:G17}, inverse {inverse[i, i]:G17}, mean-field {meanField[i]:G17}";
                }
            }

            return ok.Label(detail);
        });

    [Fact]
    public void Posterior_mean_solves_the_normal_equations()
    {
        Matrix<double> x = RandomDesign(3, 30, 5);
        Matrix<double> gram = x.TransposeThisAndMultiply(x);
        double[] moment = [1.0, -2.0, 0.5, 3.0, 0.0];
        double[] mean = Posterior.Mean(gram, moment, 1.5, 2);
        var expected = Posterior.Precision(gram, 1.5, 2).Inverse() * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(moment) / (1.5 * 1.5);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], mean[i], 1e-10 * Math.Max(1, Math.Abs(expected[i])));
        }

        Assert.Equal("moment", Assert.Throws<ArgumentException>(() => Posterior.Mean(gram, [1.0], 1, 1)).ParamName);
    }

    [Fact]
    public void Uncorrelated_inputs_make_mean_field_exact()
    {
        var gram = Matrix<double>.Build.DenseOfDiagonalArray([4.0, 9.0, 0.0]);
        double[] exact = Posterior.ExactMarginalVariances(gram, 2, 3);
        double[] meanField = Posterior.MeanFieldVariances([4.0, 9.0, 0.0], 2, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(meanField[i], exact[i], 14);
        }

        Assert.Equal(1 / (1.0 + 1 / 9.0), meanField[0], 15);
        Assert.Equal(9.0, meanField[2], 15); // A_ii = 0: the prior variance.
    }

    [Fact]
    public void Large_prior_limit_is_sigma_y_squared_over_gram_and_infinite_where_unconstrained()
    {
        double[] v = Posterior.LargePriorVariances([4.0, 0.0], 2);
        Assert.Equal(1.0, v[0]);
        Assert.Equal(double.PositiveInfinity, v[1]);
        double[] meanField = Posterior.MeanFieldVariances([4.0], 2, 1e8);
        Assert.Equal(1.0, meanField[0], 12);
    }

    [Fact]
    public void A_precision_that_is_not_positive_definite_is_an_argument_error_naming_gram()
    {
        var gram = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 5 }, { 5, 1 } });
        var e = Assert.Throws<ArgumentException>(() => Posterior.ExactMarginalVariances(gram, 1, 10));
        Assert.Equal("gram", e.ParamName);
        Assert.Contains("positive definite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_shapes_and_values_are_argument_errors()
    {
        Assert.Equal("gram", Assert.Throws<ArgumentException>(() => Posterior.ExactMarginalVariances(Matrix<double>.Build.Dense(2, 3), 1, 1)).ParamName);
        var nan = Matrix<double>.Build.DenseIdentity(2);
        nan[0, 1] = double.NaN;
        Assert.Equal("gram", Assert.Throws<ArgumentException>(() => Posterior.ExactMarginalVariances(nan, 1, 1)).ParamName);
        Assert.Equal("sigmaY", Assert.Throws<ArgumentException>(() => Posterior.MeanFieldVariances([1.0], 0, 1)).ParamName);
        Assert.Equal("sigma0", Assert.Throws<ArgumentException>(() => Posterior.MeanFieldVariances([1.0], 1, double.PositiveInfinity)).ParamName);
        Assert.Equal("gramDiagonal", Assert.Throws<ArgumentException>(() => Posterior.MeanFieldVariances([-1.0], 1, 1)).ParamName);
    }

    [Fact]
    public void Model_checks_that_targets_match_the_design_rows()
    {
        var x = Matrix<double>.Build.Dense(3, 2, 1.0);
        var e = Assert.Throws<ArgumentException>(() => new LinearGaussianModel(x, [1.0, 2.0]));
        Assert.Equal("targets", e.ParamName);
        Assert.Equal("sigmaY", Assert.Throws<ArgumentException>(() => new LinearGaussianModel(x, [1.0, 2.0, 3.0], -1)).ParamName);
        x[0, 0] = double.NaN;
        Assert.Equal("design", Assert.Throws<ArgumentException>(() => new LinearGaussianModel(x, [1.0, 2.0, 3.0])).ParamName);
    }

    [Fact]
    public void Model_importance_is_gram_diagonal_over_sigma_y_squared()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 1, 2 }, { 0, 1 } });
        var model = new LinearGaussianModel(x, [1.0, 2.0, 3.0], 2);
        Assert.Equal([2.0, 5.0], model.GramDiagonal);
        Assert.Equal([0.5, 1.25], model.Importance());
        Assert.Equal([3.0, 7.0], model.Moment);
    }
}
