using System.Reflection;
using Theory.Data;

namespace Theory.Experimental;

/// <summary>
/// The two published data sets that ship with the project (data/experimental, CC BY 4.0, embedded in the library so
/// that they load from any folder), and a reader that tells which of the two shapes a user's CSV file has.
/// </summary>
public static class ExperimentalData
{
    /// <summary>Ko et al. 2013, 136 connections.</summary>
    public const string KoFile = "ko2013.csv";

    /// <summary>Sjöström et al. 2001 via Schug et al. 2021, potentiation, 30 recordings.</summary>
    public const string LtpFile = "sjostrom2001_ltp_schug.csv";

    /// <summary>The same, depression, 14 recordings.</summary>
    public const string LtdFile = "sjostrom2001_ltd_schug.csv";

    /// <summary>The attribution every output that uses the shipped data carries.</summary>
    public const string Attribution =
        "data: Ko et al. 2013 (via Aitchison et al. 2021) and Sjöström et al. 2001 (via Schug et al. 2021), collected by Malkin et al. 2024 (EfficientBayes, data-fig6), CC BY 4.0";

    /// <summary>The attribution of the Ko et al. data alone, short enough for a figure's corner.</summary>
    public const string KoCredit = "data: Ko et al. 2013 via Aitchison et al. 2021; Malkin et al. 2024; CC BY 4.0";

    /// <summary>The attribution of the Sjöström data alone, short enough for a figure's corner.</summary>
    public const string SjostromCredit = "data: Sjöström et al. 2001 via Schug et al. 2021; Malkin et al. 2024; CC BY 4.0";

    /// <summary>A shipped file, parsed.</summary>
    public static CsvTable Shipped(string file)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Theory.Experimental." + file)
            ?? throw new ArgumentException($"no shipped data file '{file}'.", nameof(file));
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return CsvTable.Parse(file, memory.ToArray());
    }

    /// <summary>The shipped data: Ko et al., and the Sjöström LTP and LTD sets.</summary>
    public static (KoData Ko, IReadOnlyList<(string Label, SjostromData Data)> Sjostrom) ShippedSets() =>
        (KoData.From(Shipped(KoFile)), [("LTP", SjostromData.From(Shipped(LtpFile))), ("LTD", SjostromData.From(Shipped(LtdFile)))]);

    /// <summary>
    /// Reads the user's files, each by its header: one with <see cref="KoData.Columns"/> is a Ko et al. table, one with
    /// <see cref="SjostromData.Columns"/> a Sjöström table (labelled by its file name); any other is refused, naming it.
    /// </summary>
    public static (KoData? Ko, IReadOnlyList<(string Label, SjostromData Data)> Sjostrom) Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        KoData? ko = null;
        var sjostrom = new List<(string, SjostromData)>();
        foreach (string path in paths)
        {
            CsvTable table = CsvTable.Read(path);
            if (KoData.Columns.All(c => table.IndexOf(c) >= 0))
            {
                if (ko is not null)
                {
                    throw new CsvException($"{path}: a second Ko et al. table (after {ko.Source}); give one.");
                }

                ko = KoData.From(table);
            }
            else if (SjostromData.Columns.All(c => table.IndexOf(c) >= 0))
            {
                sjostrom.Add((Path.GetFileNameWithoutExtension(path), SjostromData.From(table)));
            }
            else
            {
                throw new CsvException(
                    $"{path}: neither shape: a Ko et al. table has columns {string.Join(", ", KoData.Columns)}; a Sjöström table has {string.Join(", ", SjostromData.Columns)}.");
            }
        }

        return (ko, sjostrom);
    }
}
