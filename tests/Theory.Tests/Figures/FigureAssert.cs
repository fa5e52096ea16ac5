using System.Xml.Linq;
using SkiaSharp;
using Xunit;

namespace Theory.Tests.Figures;

/// <summary>The checks every figure test makes: the PNG decodes at its size and is not blank; the SVG is XML with its labels.</summary>
internal static class FigureAssert
{
    public static void Png(string path, int width, int height)
    {
        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        var grey = new List<double>();
        for (int y = 0; y < bitmap.Height; y += 7)
        {
            for (int x = 0; x < bitmap.Width; x += 7)
            {
                SKColor c = bitmap.GetPixel(x, y);
                grey.Add((c.Red + c.Green + c.Blue) / 3.0);
            }
        }

        double mean = grey.Average();
        double variance = grey.Sum(g => (g - mean) * (g - mean)) / grey.Count;
        Assert.True(variance > 100, $"pixel variance {variance}: the picture is nearly blank");
    }

    public static void Svg(string path, params string[] labels)
    {
        string svg = File.ReadAllText(path);
        XDocument.Parse(svg); // well-formed XML
        foreach (string label in labels)
        {
            Assert.Contains(label, svg, StringComparison.Ordinal);
        }
    }
}
