using ScottPlot;
using SkiaSharp;

namespace Theory.Figures;

/// <summary>
/// What every figure of the project shares: the palette, the panel grid, the line and point styles, and the headless
/// PNG and SVG writer (SkiaSharp, no fonts or display needed), which writes through <see cref="Theory.Data.OutputFile"/>.
/// </summary>
public static class Figure
{
    /// <summary>
    /// The palette: Okabe and Ito's colour-blind-safe colours, which also differ in lightness in greyscale. Points are
    /// blue, fitted lines vermillion, closed forms black and dashed; further series take green, orange, sky blue,
    /// purple and yellow in that order.
    /// </summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#000000", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442"];

    /// <summary>The palette's colour <paramref name="index"/> (cycling), with an optional transparency.</summary>
    public static Color Colour(int index, double alpha = 1) => Color.FromHex(Palette[index % Palette.Length]).WithAlpha(alpha);

    /// <summary>
    /// The colour of the <paramref name="k"/>-th of several series in one panel (cycling): blue, vermillion, green, orange,
    /// purple, sky blue, black; black comes last because it draws closed forms.
    /// </summary>
    public static Color Series(int k, double alpha = 1) => Colour(SeriesOrder[k % SeriesOrder.Length], alpha);

    private static readonly int[] SeriesOrder = [0, 1, 3, 4, 6, 5, 2];

    /// <summary>An empty grid of <paramref name="rows"/> x <paramref name="columns"/> panels, filled in row order.</summary>
    public static Multiplot NewGrid(int rows, int columns)
    {
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns) };
        while (multiplot.Subplots.GetPlots().Length > 0)
        {
            multiplot.Subplots.RemoveAt(0); // a new Multiplot holds one empty plot
        }

        return multiplot;
    }

    /// <summary>A straight line from x0 to x1 with the given slope and intercept.</summary>
    public static void Line(Plot plot, double x0, double x1, (double Slope, double Intercept) line, Color colour, string legend, bool dashed = false)
    {
        var drawn = plot.Add.Line(x0, line.Intercept + (line.Slope * x0), x1, line.Intercept + (line.Slope * x1));
        drawn.Color = colour;
        drawn.LineWidth = 2;
        drawn.LegendText = legend;
        if (dashed)
        {
            drawn.LinePattern = LinePattern.Dashed;
        }
    }

    /// <summary>A curve through the points (no markers), in the order given.</summary>
    public static void Curve(Plot plot, double[] x, double[] y, Color colour, string legend, bool dashed = false)
    {
        var drawn = plot.Add.Scatter(x, y, colour);
        drawn.MarkerSize = 0;
        drawn.LineWidth = 2;
        drawn.LegendText = legend;
        if (dashed)
        {
            drawn.LinePattern = LinePattern.Dashed;
        }
    }

    /// <summary>Translucent filled circles, so that where thousands overlap the mass shows as depth of colour.</summary>
    public static void Points(Plot plot, double[] x, double[] y, Color colour, string legend, float size = 3)
    {
        var drawn = plot.Add.Markers(x, y, MarkerShape.FilledCircle, size, colour);
        drawn.LegendText = legend;
    }

    /// <summary>Renders <paramref name="multiplot"/> at <paramref name="width"/> x <paramref name="height"/> to STEM.png and STEM.svg; returns both paths.</summary>
    public static string[] Save(string folder, string stem, Multiplot multiplot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(multiplot);
        Directory.CreateDirectory(folder);
        string png = Path.Combine(folder, stem + ".png");
        string svg = Path.Combine(folder, stem + ".svg");
        Theory.Data.OutputFile.Write(png, stream =>
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            multiplot.Render(surface.Canvas, new PixelRect(0, width, height, 0));
            using SKImage image = surface.Snapshot();
            using SKData encoded = image.Encode(SKEncodedImageFormat.Png, 100);
            encoded.SaveTo(stream);
        });
        Theory.Data.OutputFile.Write(svg, stream => WithoutNativeStderr(() =>
        {
            using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
            {
                multiplot.Render(canvas, new PixelRect(0, width, height, 0));
            }
        }));
        return [png, svg];
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the process's file descriptor 2 pointed at /dev/null (Linux). Skia's SVG canvas
    /// has no path effects: for every dashed line it draws the line solid and prints "Unsupported path effect in addPaint."
    /// straight to fd 2, past .NET's Console.Error, which would bury the command's own messages. Only figure writing,
    /// after the work and its progress bars are done, runs inside.
    /// </summary>
    private static void WithoutNativeStderr(Action body)
    {
        if (!OperatingSystem.IsLinux())
        {
            body();
            return;
        }

        Console.Error.Flush();
        int saved = Native.Dup(2);
        int devNull = saved < 0 ? -1 : Native.Open("/dev/null", 1);
        if (devNull < 0 || Native.Dup2(devNull, 2) < 0)
        {
            _ = devNull >= 0 ? Native.Close(devNull) : 0;
            _ = saved >= 0 ? Native.Close(saved) : 0;
            body(); // cannot silence it: the messages go through
            return;
        }

        _ = Native.Close(devNull);
        try
        {
            body();
        }
        finally
        {
            _ = Native.Dup2(saved, 2);
            _ = Native.Close(saved);
        }
    }

    private static class Native
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "dup")]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        internal static extern int Dup(int fd);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "dup2")]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        internal static extern int Dup2(int from, int to);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        internal static extern int Close(int fd);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", CharSet = System.Runtime.InteropServices.CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        internal static extern int Open(string path, int flags);
    }
}
