using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Theory.Kernels;

/// <summary>
/// Vector loads and stores at an element index without a bounds check or a span slice. The JIT did not inline
/// Vector256.CopyTo(span.Slice(i)) in the larger kernels (about 7% of an epoch went to those calls), so the
/// kernels use these instead and check their spans' lengths once, on entry.
/// </summary>
internal static class Simd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ReadOnlySpan<T> source, int index)
    {
        Debug.Assert(index >= 0 && index + Vector256<T>.Count <= source.Length);
        return Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(Span<T> source, int index) => Load256((ReadOnlySpan<T>)source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store256<T>(Vector256<T> value, Span<T> destination, int index)
    {
        Debug.Assert(index >= 0 && index + Vector256<T>.Count <= destination.Length);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ReadOnlySpan<T> source, int index)
    {
        Debug.Assert(index >= 0 && index + Vector512<T>.Count <= source.Length);
        return Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(Span<T> source, int index) => Load512((ReadOnlySpan<T>)source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store512<T>(Vector512<T> value, Span<T> destination, int index)
    {
        Debug.Assert(index >= 0 && index + Vector512<T>.Count <= destination.Length);
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)index);
    }

    /// <summary>a * b + c rounded once, for vectors of double or float (the JIT keeps only the branch for T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        throw new NotSupportedException($"no fused multiply-add for {typeof(T)}.");
    }

    /// <summary>The Vector512 form of <see cref="FusedMultiplyAdd{T}(Vector256{T}, Vector256{T}, Vector256{T})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FusedMultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        throw new NotSupportedException($"no fused multiply-add for {typeof(T)}.");
    }

    /// <summary>Throws unless every one of <paramref name="lengths"/> is at least <paramref name="length"/>.</summary>
    public static void RequireLength(int length, string names, params ReadOnlySpan<int> lengths)
    {
        foreach (int l in lengths)
        {
            if (l < length)
            {
                throw new ArgumentException($"{names}: each must hold at least {length} elements, one holds {l}.");
            }
        }
    }
}
