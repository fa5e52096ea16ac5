using System.Runtime.Intrinsics;
using Xunit;

namespace Theory.Tests.Kernels;

/// <summary>
/// The test command reruns the kernel tests with DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and
/// DOTNET_EnableHWIntrinsic=0. A switch the runtime ignored would leave the vector path untested, so this
/// guard fails when a switch is set but the matching vector width is still accelerated.
/// </summary>
public class HardwarePathGuardTests
{
    [Fact]
    public void Switched_off_vector_widths_are_really_off()
    {
        bool Off(string name) => Environment.GetEnvironmentVariable(name) == "0";
        if (Off("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector128.IsHardwareAccelerated, "DOTNET_EnableHWIntrinsic=0 but Vector128 is accelerated");
            Assert.False(Vector256.IsHardwareAccelerated, "DOTNET_EnableHWIntrinsic=0 but Vector256 is accelerated");
        }

        if (Off("DOTNET_EnableAVX2") || Off("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector256.IsHardwareAccelerated, "DOTNET_EnableAVX2=0 but Vector256 is accelerated");
        }

        if (Off("DOTNET_EnableAVX512") || Off("DOTNET_EnableAVX2") || Off("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector512.IsHardwareAccelerated, "DOTNET_EnableAVX512=0 but Vector512 is accelerated");
        }

        // A wider accelerated width implies the narrower ones.
        Assert.True(!Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated);
        Assert.True(!Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated);
    }

    [Fact]
    public void Expected_width_named_by_the_test_command_is_the_one_in_force()
    {
        // THEORY_EXPECT_VECTOR is set by .ci/run beside each switch: 512, 256, 128 or none.
        string? expected = Environment.GetEnvironmentVariable("THEORY_EXPECT_VECTOR");
        string actual = Vector512.IsHardwareAccelerated ? "512"
            : Vector256.IsHardwareAccelerated ? "256"
            : Vector128.IsHardwareAccelerated ? "128" : "none";
        if (expected is null)
        {
            // No switch named: the runtime's choice must follow the CPU's instruction sets.
            Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, Vector256.IsHardwareAccelerated);
            return;
        }

        Assert.Equal(expected, actual);
    }
}
