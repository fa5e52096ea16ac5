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
}
