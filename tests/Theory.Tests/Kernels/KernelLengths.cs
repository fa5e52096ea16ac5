using Xunit;

namespace Theory.Tests.Kernels;

/// <summary>Span lengths for kernel tests: every length from 0 past two vector widths, and one of real size.</summary>
public static class KernelLengths
{
    public static TheoryData<int> UpTo40 => Build(40, 7850);

    public static TheoryData<int> UpTo20 => Build(20, 7850);

    public static TheoryData<int> UpTo12 => Build(12, 1000);

    private static TheoryData<int> Build(int max, int large)
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= max; n++)
        {
            data.Add(n);
        }

        data.Add(large);
        return data;
    }
}
