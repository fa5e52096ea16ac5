using MathNet.Numerics.LinearAlgebra;
using Theory.Analytic;
using Xunit;

namespace Theory.Tests.Analytic;

public class NativeLapackTests
{
    [Fact]
    public void Lapack_loads_on_this_machine()
    {
        // test.sh installs liblapacke and libopenblas0; a silent fallback would leave the native path untested.
        Assert.True(NativeLapack.IsAvailable, "liblapacke.so.3 did not load");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(120)]
    public void Native_and_managed_marginal_variances_agree(int d)
    {
        var rng = new Theory.Stats.Xoshiro256((ulong)d);
        var x = Matrix<double>.Build.Dense(2 * d + 3, d, (_, _) => rng.NextGaussian() + 0.3);
        var gram = x.TransposeThisAndMultiply(x);
        double[] managed = Posterior.ExactMarginalVariances(gram, 1.3, 4, native: false);
        double[] native = Posterior.ExactMarginalVariances(gram, 1.3, 4, native: true);
        for (int i = 0; i < d; i++)
        {
            Assert.Equal(1.0, native[i] / managed[i], 11);
        }
    }

    [Fact]
    public void Native_path_reports_a_non_positive_definite_precision_as_an_argument_error()
    {
        var gram = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 5 }, { 5, 1 } });
        Assert.Equal("gram", Assert.Throws<ArgumentException>(() => Posterior.ExactMarginalVariances(gram, 1, 10, native: true)).ParamName);
    }
}
