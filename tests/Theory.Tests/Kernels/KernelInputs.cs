using Theory.Stats;

namespace Theory.Tests.Kernels;

/// <summary>Seeded input arrays for the kernel tests.</summary>
internal static class KernelInputs
{
    /// <summary>n draws of shift + scale N(0, 1) from a xoshiro stream seeded with <paramref name="seed"/>.</summary>
    public static double[] Gaussians(int n, ulong seed, double scale = 1, double shift = 0)
    {
        var rng = new Xoshiro256(seed);
        return [.. Enumerable.Range(0, n).Select(_ => shift + scale * rng.NextGaussian())];
    }

    /// <summary>The values rounded to float.</summary>
    public static float[] Single(double[] values) => [.. values.Select(v => (float)v)];
}
