using Theory.Stats;
using Xunit;

namespace Theory.Tests.Stats;

public class InterpolationTests
{
    [Fact]
    public void Linear_interpolation_between_unsorted_points_and_nan_outside()
    {
        double[] x = [3, 1, 2], y = [30, 10, 40];
        Assert.Equal(10, Interpolation.Linear(x, y, 1));
        Assert.Equal(25, Interpolation.Linear(x, y, 1.5));
        Assert.Equal(35, Interpolation.Linear(x, y, 2.5));
        Assert.Equal(30, Interpolation.Linear(x, y, 3));
        Assert.True(double.IsNaN(Interpolation.Linear(x, y, 0.999)));
        Assert.True(double.IsNaN(Interpolation.Linear(x, y, 3.001)));
        Assert.True(double.IsNaN(Interpolation.Linear(x, y, double.NaN)));
        Assert.Equal(20, Interpolation.Linear([1, double.NaN, 3], [10, 5, 30], 2)); // non-finite points are skipped
    }

    [Fact]
    public void First_crossing_below_a_level()
    {
        double[] x = [0, 1, 2, 3], y = [0.9, 0.7, 0.3, 0.6];
        Assert.Equal(1.5, Interpolation.FirstCrossingBelow(x, y, 0.5), 12);
        Assert.True(double.IsNaN(Interpolation.FirstCrossingBelow(x, y, 0.2)));
        Assert.Equal(double.NegativeInfinity, Interpolation.FirstCrossingBelow(x, y, 0.95));
        Assert.Equal(1, Interpolation.FirstCrossingBelow(x, [0.9, 0.5, 0.4, 0.1], 0.5 + 1e-12), 6);
    }

    [Fact]
    public void Repeated_x_takes_the_first_point_and_a_point_with_a_non_finite_y_is_skipped()
    {
        Assert.Equal(5, Interpolation.Linear([1, 1, 2], [5, 7, 9], 1)); // x1 == x0: no 0/0
        Assert.Equal(2, Interpolation.Linear([1, 2, 3], [1, double.NaN, 3], 2));
        Assert.Equal(2, Interpolation.Linear([1, 2, 3], [1, double.PositiveInfinity, 3], 2));
    }

    [Fact]
    public void A_first_point_exactly_at_the_level_is_not_below_it()
    {
        Assert.Equal(1, Interpolation.FirstCrossingBelow([1, 2], [0.5, 0.2], 0.5));
        Assert.Equal(2.5, Interpolation.FirstCrossingBelow([1, 2, 3], [0.9, 0.5, 0.1], 0.3), 12);
    }
}
