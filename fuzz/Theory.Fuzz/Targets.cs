using System.CommandLine;
using System.Text;
using Theory.Cli;
using Theory.Data;
using Theory.Experimental;

namespace Theory.Fuzz;

/// <summary>
/// The parsers a user can feed, one target each. A target gets the fuzzer's bytes and may refuse them only with the
/// exceptions the commands turn into a one-line message (<see cref="IsRefusal"/>); any other exception is a bug.
/// </summary>
public static class Targets
{
    /// <summary>The target names, as the command line and fuzz/run.sh take them.</summary>
    public static readonly string[] Names = ["idx-images", "idx-labels", "importance", "csv", "npy", "safetensors", "npz", "options"];

    private static readonly string Scratch = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"theory-fuzz-{Environment.ProcessId}");

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; refusals are swallowed, anything else propagates.</summary>
    public static void Run(string target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Names.Contains(target))
        {
            throw new ArgumentException($"unknown target '{target}'; one of {string.Join(", ", Names)}.", nameof(target));
        }

        try
        {
            switch (target)
            {
                case "idx-images":
                    File.WriteAllBytes(Scratch, input);
                    IdxReader.ReadImages(Scratch);
                    break;
                case "idx-labels":
                    File.WriteAllBytes(Scratch, input);
                    IdxReader.ReadLabels(Scratch);
                    break;
                case "importance":
                    // The first byte picks plain lines or a CSV column named "a", as --column would.
                    string text = Encoding.UTF8.GetString(input.AsSpan(Math.Min(1, input.Length)));
                    ImportanceReader.Read(new StringReader(text), "fuzz", input.Length > 0 && (input[0] & 1) == 1 ? "a" : null);
                    break;
                case "csv":
                    CsvTable table = CsvTable.Parse("fuzz.csv", input);
                    if (KoData.Columns.All(c => table.IndexOf(c) >= 0))
                    {
                        KoData.From(table);
                    }

                    if (SjostromData.Columns.All(c => table.IndexOf(c) >= 0))
                    {
                        SjostromData.From(table);
                    }

                    break;
                case "npy":
                    File.WriteAllBytes(Scratch, input);
                    NpyReader.Read(Scratch);
                    break;
                case "safetensors":
                    // The reader, then the conventions' checks on whatever tensors it returns.
                    Theory.Training.NetworkFile.FromTensors(SafeTensors.Read(input, "fuzz.safetensors").Tensors, Theory.Training.NetworkLayout.Text, null, "fuzz.safetensors");
                    break;
                case "npz":
                    Theory.Training.NetworkFile.FromTensors(NpzReader.Read(input, "fuzz.npz"), Theory.Training.NetworkLayout.Text, null, "fuzz.npz");
                    break;
                case "options":
                    Options(Encoding.UTF8.GetString(input));
                    break;
                default:
                    throw new InvalidOperationException($"target '{target}' has no case.");
            }
        }
        catch (Exception e) when (IsRefusal(e))
        {
            // a refusal with a message: what the commands print as one line
        }
    }

    /// <summary>The exceptions that are a refusal of bad input (the commands print their message and exit 1 or 2).</summary>
    /// <remarks>The same classes as CliApp.Guarded turns into one line (InvalidDataException is not an IOException).</remarks>
    public static bool IsRefusal(Exception e) => e is IOException or InvalidDataException or FormatException or ArgumentException or UsageException;

    // One argument per line: parsed by the real command tree (never invoked: that would train), and the values the
    // commands parse themselves run through their own parsers.
    private static void Options(string text)
    {
        string[] args = text.Split('\n');
        RootCommand root = new("theory");
        foreach (Command c in new[] { SolveCommand.Create(), LinearCommand.Create(), SlopesCommand.Create(), BoundCommand.Create(), DataCommand.Create(), TradeoffCommand.Create(), SynapsesCommand.Create(), PosteriorCommand.Create() })
        {
            root.Subcommands.Add(c);
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // an unreadable @response file: CliApp.Run turns this into one line (regression: fuzz/regressions/options)
        }

        foreach (var error in parse.Errors)
        {
            _ = CliApp.ParseErrorMessage(error.Message);
        }

        foreach (string value in args)
        {
            Try(() => TradeoffCommand.ParseGrid(value));
            Try(() => Theory.Sweeps.Shard.Parse(value));
            Try(() => TrainerOptions.ParseHidden(value));
        }
    }

    private static void Try(Func<object> parse)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (IsRefusal(e))
        {
            // refused with a message
        }
    }
}
