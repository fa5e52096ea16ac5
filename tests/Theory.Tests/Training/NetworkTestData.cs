using Theory.Data;

namespace Theory.Tests.Training;

/// <summary>Small synthetic image sets for the network tests.</summary>
internal static class NetworkTestData
{
    /// <summary><paramref name="count"/> images of <paramref name="pixels"/> bytes, about a third of them 0, with random labels 0-9.</summary>
    public static ImageDataSet Tiny(int count, int pixels, ulong seed)
    {
        var rng = new Theory.Stats.Xoshiro256(seed);
        var bytes = new byte[count * pixels];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = rng.NextDouble() < 0.3 ? (byte)0 : (byte)rng.NextInt(256);
        }

        byte[] labels = [.. Enumerable.Range(0, count).Select(_ => (byte)rng.NextInt(10))];
        return new ImageDataSet(new IdxReader.Images(bytes, count, 1, pixels), labels);
    }

    /// <summary>
    /// Asserts, parameter by parameter, that the analytic gradients of mu and phi match central differences (step
    /// <paramref name="h"/>) of <paramref name="loss"/> to 1e-6 relative; returns how many phi derivatives are far from 0.
    /// </summary>
    public static int AssertCentralDifferences(Func<double[], double[], double> loss, double[] mu0, double[] phi0, double[] gMu, double[] gPhi, double h = 1e-6)
    {
        int nonZero = 0;
        for (int i = 0; i < mu0.Length; i++)
        {
            double[] up = [.. mu0], down = [.. mu0];
            up[i] += h;
            down[i] -= h;
            double numeric = (loss(up, phi0) - loss(down, phi0)) / (2 * h);
            Xunit.Assert.True(Math.Abs(numeric - gMu[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"d/dmu[{i}]: analytic {gMu[i]:G10}, numeric {numeric:G10}");

            double[] pu = [.. phi0], pd = [.. phi0];
            pu[i] += h;
            pd[i] -= h;
            numeric = (loss(mu0, pu) - loss(mu0, pd)) / (2 * h);
            Xunit.Assert.True(Math.Abs(numeric - gPhi[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"d/dphi[{i}]: analytic {gPhi[i]:G10}, numeric {numeric:G10}");
            nonZero += Math.Abs(numeric) > 1e-3 ? 1 : 0;
        }

        return nonZero;
    }
}
