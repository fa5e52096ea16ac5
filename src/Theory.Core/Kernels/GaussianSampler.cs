using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// A seeded, vectorised standard-normal sampler: eight xoshiro256** streams side by side (one per lane of
/// two 256-bit vectors) feeding Box-Muller. The uniform bits are the same on every path (8 lanes, scalar
/// or vector), and log and sin/cos come from <see cref="FastMath"/>, whose scalar and vector forms round
/// alike, so the scalar reference path draws the same numbers bit for bit.
/// </summary>
/// <remarks>
/// Each block of 16 normals takes two steps of all eight streams: u1 from the first, u2 from the second;
/// r = sqrt(-2 ln(1 - u1)), theta a full turn times u2 (see <see cref="FastMath.SinCosOfTurn(double)"/>);
/// outputs 0-7 are r cos theta and 8-15 r sin theta.
/// Uniforms carry 52 random bits (the mantissa trick, exact and fast): 1 - u1 lies in (0, 1], so the
/// logarithm is finite; |z| is at most sqrt(2 * 52 ln 2) = 8.5.
/// </remarks>
public sealed partial class GaussianSampler
{
    /// <summary>Normals produced per block.</summary>
    public const int BlockSize = 16;

    private const int Lanes = 8;
    private const ulong OneBits = 0x3FF0000000000000UL;
    private readonly ulong[] _state = new ulong[4 * Lanes]; // s0[0..8), s1[8..16), s2, s3
    private double[] _uniforms = [];

    /// <summary>Seeds the eight streams from one 64-bit seed through SplitMix64.</summary>
    public GaussianSampler(ulong seed)
    {
        ulong x = seed;
        for (int i = 0; i < _state.Length; i++)
        {
            x += 0x9E3779B97F4A7C15UL;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            _state[i] = z ^ (z >> 31);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with standard normals on the fastest path.</summary>
    public void Fill(Span<double> destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Fill512(destination);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Fill256(destination);
        }
        else
        {
            FillScalar(destination);
        }
    }

    /// <summary>The scalar reference path: the same uniforms and the scalar forms of the same functions.</summary>
    public void FillScalar(Span<double> destination)
    {
        Span<double> block = stackalloc double[BlockSize];
        for (int i = 0; i < destination.Length; i += BlockSize)
        {
            // A partial block draws a whole block and keeps its head, so the stream stays aligned to blocks.
            BlockScalar(block);
            int n = Math.Min(BlockSize, destination.Length - i);
            block[..n].CopyTo(destination[i..]);
        }
    }

    // Two passes: first all the uniforms, with the eight streams' state held in registers, then Box-Muller
    // over blocks that no longer depend on each other, which the processor can overlap.
    internal void Fill256(Span<double> destination)
    {
        int blocks = (destination.Length + BlockSize - 1) / BlockSize;
        if (_uniforms.Length < blocks * BlockSize)
        {
            _uniforms = new double[blocks * BlockSize];
        }

        Span<double> u = _uniforms.AsSpan(0, blocks * BlockSize);
        Uniforms256(u, blocks);
        Span<double> tail = stackalloc double[BlockSize];
        for (int j = 0; j < blocks; j++)
        {
            bool full = (j + 1) * BlockSize <= destination.Length;
            Span<double> output = full ? destination.Slice(j * BlockSize, BlockSize) : tail;
            ReadOnlySpan<double> uj = u.Slice(j * BlockSize, BlockSize);
            BoxMuller256(uj, output, 0);
            BoxMuller256(uj, output, 4);
            if (!full)
            {
                tail[..(destination.Length - j * BlockSize)].CopyTo(destination[(j * BlockSize)..]);
            }
        }
    }

    // Block j holds u1 for lanes 0-7 at [16j, 16j + 8) and u2 at [16j + 8, 16j + 16).
    private void Uniforms256(Span<double> u, int blocks)
    {
        Span<ulong> s = _state;
        var a0 = Simd.Load256(s, 0);
        var a1 = Simd.Load256(s, Lanes);
        var a2 = Simd.Load256(s, 2 * Lanes);
        var a3 = Simd.Load256(s, 3 * Lanes);
        var b0 = Simd.Load256(s, 4);
        var b1 = Simd.Load256(s, Lanes + 4);
        var b2 = Simd.Load256(s, 2 * Lanes + 4);
        var b3 = Simd.Load256(s, 3 * Lanes + 4);
        for (int j = 0; j < blocks; j++)
        {
            int o = j * BlockSize;
            Simd.Store256(Uniform256(Next256(ref a0, ref a1, ref a2, ref a3)), u, o);
            Simd.Store256(Uniform256(Next256(ref b0, ref b1, ref b2, ref b3)), u, o + 4);
            Simd.Store256(Uniform256(Next256(ref a0, ref a1, ref a2, ref a3)), u, o + 8);
            Simd.Store256(Uniform256(Next256(ref b0, ref b1, ref b2, ref b3)), u, o + 12);
        }

        Simd.Store256(a0, s, 0);
        Simd.Store256(a1, s, Lanes);
        Simd.Store256(a2, s, 2 * Lanes);
        Simd.Store256(a3, s, 3 * Lanes);
        Simd.Store256(b0, s, 4);
        Simd.Store256(b1, s, Lanes + 4);
        Simd.Store256(b2, s, 2 * Lanes + 4);
        Simd.Store256(b3, s, 3 * Lanes + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Uniform256(Vector256<ulong> bits) =>
        (Vector256.ShiftRightLogical(bits, 12) | Vector256.Create(OneBits)).AsDouble() - Vector256.Create(1.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller256(ReadOnlySpan<double> u, Span<double> output, int o)
    {
        var u1 = Simd.Load256(u, o);
        var u2 = Simd.Load256(u, Lanes + o);
        Vector256<double> r = Vector256.Sqrt(Vector256.Create(-2.0) * FastMath.Log(Vector256.Create(1.0) - u1));
        (Vector256<double> sin, Vector256<double> cos) = FastMath.SinCosOfTurn(u2);
        Simd.Store256(r * cos, output, o);
        Simd.Store256(r * sin, output, Lanes + o);
    }

    private void BlockScalar(Span<double> output)
    {
        Span<double> u1 = stackalloc double[Lanes];
        Span<double> u2 = stackalloc double[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            u1[lane] = Uniform(NextScalar(lane));
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            u2[lane] = Uniform(NextScalar(lane));
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            double r = Math.Sqrt(-2.0 * FastMath.Log(1.0 - u1[lane]));
            (double sin, double cos) = FastMath.SinCosOfTurn(u2[lane]);
            output[lane] = r * cos;
            output[Lanes + lane] = r * sin;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Next256(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        // result = rotl(s1 * 5, 7) * 9, with the multiplies as shifts and adds (AVX2 has no 64-bit multiply).
        Vector256<ulong> x5 = Vector256.ShiftLeft(s1, 2) + s1;
        Vector256<ulong> rot = Vector256.ShiftLeft(x5, 7) | Vector256.ShiftRightLogical(x5, 57);
        Vector256<ulong> result = Vector256.ShiftLeft(rot, 3) + rot;
        Vector256<ulong> t = Vector256.ShiftLeft(s1, 17);
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Vector256.ShiftLeft(s3, 45) | Vector256.ShiftRightLogical(s3, 19);
        return result;
    }

    private ulong NextScalar(int lane) =>
        Stats.Xoshiro256.Next(ref _state[lane], ref _state[Lanes + lane], ref _state[2 * Lanes + lane], ref _state[3 * Lanes + lane]);

    private static double Uniform(ulong bits) => BitConverter.UInt64BitsToDouble((bits >> 12) | OneBits) - 1.0;
}
