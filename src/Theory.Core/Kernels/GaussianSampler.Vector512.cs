using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// The Vector512 path of <see cref="GaussianSampler"/>: the eight streams in the eight lanes of one vector, the
/// same uniforms and the same Box-Muller, so it draws the Vector256 path's numbers bit for bit (the tests check
/// this on CPUs without AVX-512 through .NET's software Vector512).
/// </summary>
public sealed partial class GaussianSampler
{
    internal void Fill512(Span<double> destination)
    {
        int blocks = (destination.Length + BlockSize - 1) / BlockSize;
        if (_uniforms.Length < blocks * BlockSize)
        {
            _uniforms = new double[blocks * BlockSize];
        }

        Span<double> u = _uniforms.AsSpan(0, blocks * BlockSize);
        Uniforms512(u, blocks);
        Span<double> tail = stackalloc double[BlockSize];
        for (int j = 0; j < blocks; j++)
        {
            bool full = (j + 1) * BlockSize <= destination.Length;
            Span<double> output = full ? destination.Slice(j * BlockSize, BlockSize) : tail;
            BoxMuller512(u.Slice(j * BlockSize, BlockSize), output);
            if (!full)
            {
                tail[..(destination.Length - j * BlockSize)].CopyTo(destination[(j * BlockSize)..]);
            }
        }
    }

    // Block j holds u1 for lanes 0-7 at [16j, 16j + 8) and u2 at [16j + 8, 16j + 16), as on the Vector256 path.
    private void Uniforms512(Span<double> u, int blocks)
    {
        Span<ulong> s = _state;
        var a0 = Simd.Load512(s, 0);
        var a1 = Simd.Load512(s, Lanes);
        var a2 = Simd.Load512(s, 2 * Lanes);
        var a3 = Simd.Load512(s, 3 * Lanes);
        for (int j = 0; j < blocks; j++)
        {
            int o = j * BlockSize;
            Simd.Store512(Uniform512(Next512(ref a0, ref a1, ref a2, ref a3)), u, o);
            Simd.Store512(Uniform512(Next512(ref a0, ref a1, ref a2, ref a3)), u, o + Lanes);
        }

        Simd.Store512(a0, s, 0);
        Simd.Store512(a1, s, Lanes);
        Simd.Store512(a2, s, 2 * Lanes);
        Simd.Store512(a3, s, 3 * Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Uniform512(Vector512<ulong> bits) =>
        (Vector512.ShiftRightLogical(bits, 12) | Vector512.Create(OneBits)).AsDouble() - Vector512.Create(1.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller512(ReadOnlySpan<double> u, Span<double> output)
    {
        var u1 = Simd.Load512(u, 0);
        var u2 = Simd.Load512(u, Lanes);
        Vector512<double> r = Vector512.Sqrt(Vector512.Create(-2.0) * FastMath.Log(Vector512.Create(1.0) - u1));
        (Vector512<double> sin, Vector512<double> cos) = FastMath.SinCosOfTurn(u2);
        Simd.Store512(r * cos, output, 0);
        Simd.Store512(r * sin, output, Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Next512(ref Vector512<ulong> s0, ref Vector512<ulong> s1, ref Vector512<ulong> s2, ref Vector512<ulong> s3)
    {
        // As Next256: result = rotl(s1 * 5, 7) * 9 by shifts and adds.
        Vector512<ulong> x5 = Vector512.ShiftLeft(s1, 2) + s1;
        Vector512<ulong> rot = Vector512.ShiftLeft(x5, 7) | Vector512.ShiftRightLogical(x5, 57);
        Vector512<ulong> result = Vector512.ShiftLeft(rot, 3) + rot;
        Vector512<ulong> t = Vector512.ShiftLeft(s1, 17);
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Vector512.ShiftLeft(s3, 45) | Vector512.ShiftRightLogical(s3, 19);
        return result;
    }
}
