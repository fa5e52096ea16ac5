using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;
using Theory.Analytic;

namespace Theory.Cli;

/// <summary>Exit codes and the one-line error policy shared by every subcommand.</summary>
internal static partial class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    public static int Run(RootCommand root, string[] args)
    {
        // Ctrl-C and SIGTERM end the run as usual, but first remove the half-written temporary files.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, _ => Theory.Data.OutputFile.DeleteTemporaryFiles());
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Theory.Data.OutputFile.DeleteTemporaryFiles());

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An @FILE argument is a response file, which System.CommandLine reads while parsing: a folder or an unreadable
            // file threw from inside the parser (found by fuzz/run.sh, target options).
            string at = args.FirstOrDefault(a => a.StartsWith('@')) ?? "@";
            Console.Error.WriteLine(Directory.Exists(at[1..])
                ? $"theory: {Theory.Guard.Quote(at)} names the folder '{Theory.Guard.Quote(at[1..])}'; an @ argument is a response file of arguments, one per line."
                : $"theory: cannot read the response file '{Theory.Guard.Quote(at[1..])}' named by {Theory.Guard.Quote(at)}: {e.Message}");
            return BadArguments;
        }

        if (parse.Errors.Count > 0)
        {
            string message = parse.Errors[0].Message;
            string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
            if (message.StartsWith("Response file not found", StringComparison.Ordinal))
            {
                // as System.CommandLine says it
            }
            else if (args.Length > 0 && args[0].StartsWith('@') && !File.Exists(args[0][1..]))
            {
                message = $"no response file '{Theory.Guard.Quote(args[0][1..])}' (named by {Theory.Guard.Quote(args[0])}); an @ argument is a file of arguments, one per line.";
            }
            else if (parse.CommandResult.Command == root && args.Length > 0 && !args[0].StartsWith('-'))
            {
                message = $"unknown command '{Theory.Guard.Quote(args[0])}': give one of {commands} (theory --help says what each does).";
            }
            else if (message == "Required command was not provided." && parse.CommandResult.Command == root)
            {
                message = $"give a command: {commands} (theory --help says what each does).";
            }

            Console.Error.WriteLine($"theory: {ParseErrorMessage(message)}");
            return BadArguments;
        }

        if (NumberWithComma(parse) is { } comma)
        {
            Console.Error.WriteLine($"theory: {comma}");
            return BadArguments;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (IOException e)
        {
            // Help or version text that cannot be written (a full disk, a closed pipe): one line, not a stack trace.
            try
            {
                Console.Error.WriteLine($"theory: cannot write the output: {e.Message}");
            }
            catch (IOException)
            {
                // stderr is gone too: the exit code is all that is left to say it.
            }

            return Failure;
        }
    }

    /// <summary>
    /// True when the process was started with stdin closed (<c>&lt;&amp;-</c>). The runtime then takes descriptor 0 for a
    /// pipe of its own, and a read from it would wait for ever. On Linux: descriptor 0 is a pipe whose write end this
    /// process itself holds (a real stdin pipe's writer is another process; the runtime's own copies of descriptor 0
    /// are read ends). Elsewhere, or when /proc cannot be read: false.
    /// </summary>
    public static bool StandardInputIsClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            string? target = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (target is null || !target.StartsWith("pipe:", StringComparison.Ordinal))
            {
                return false;
            }

            return Directory.GetFiles("/proc/self/fd").Any(fd => SafeLinkTarget(fd) == target && OpenForWriting(Path.GetFileName(fd)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // /proc/self/fdinfo/N's "flags:" field, in octal: its low two bits are the access mode (1 write, 2 read and write).
    private static bool OpenForWriting(string fd)
    {
        try
        {
            string? flags = File.ReadLines($"/proc/self/fdinfo/{fd}").FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 3) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    private static string? SafeLinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // a descriptor closed while we looked
        }
    }

    /// <summary>Runs a subcommand body, turning exceptions into one line on stderr and an exit code.</summary>
    public static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Parallel work (the rho runs) wraps its failures: report the first one as itself.
            return Guarded(() =>
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                return Failure;
            });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"theory: {e.Message}");
            return BadArguments;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"theory: {OneLine(e)}");
            return BadArguments;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
        {
            Console.Error.WriteLine($"theory: {OneLine(e)}");
            return Failure;
        }
#pragma warning disable CA1031 // The command's outermost frame: a user gets one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"theory: internal error ({e.GetType().Name}): {OneLine(e)}");
            return Failure;
        }
    }

    /// <summary>
    /// The runs of a command that fits one model per cost exponent: the --rho values as "rho=R", or the four
    /// mechanisms when none is given. A value given twice is refused: its rows and files would repeat.
    /// </summary>
    public static List<(string Name, double Rho)> Runs(double[]? rhos)
    {
        if (rhos is not { Length: > 0 })
        {
            return [.. Mechanisms.All.Select(m => (m.Name(), m.Rho()))];
        }

        double? repeated = rhos.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => (double?)g.Key).FirstOrDefault();
        if (repeated is { } r)
        {
            throw new UsageException($"--rho {Number(r)} is given more than once.");
        }

        return [.. rhos.Select(r => ($"rho={Number(r)}", r))];
    }

    /// <summary>
    /// System.CommandLine's "Cannot parse argument 'x' for option '--lr' as expected type 'System.Double'." in the
    /// form of the other messages, "--lr must be a number (got 'x')."; any other message as it is.
    /// </summary>
    public static string ParseErrorMessage(string message)
    {
        Match m = UnparsableValue().Match(message);
        string? expected = m.Success ? m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Nullable`1[System.Int32]" => "a whole number up to 2147483647",
            "System.UInt64" or "System.Nullable`1[System.UInt64]" => "a whole number from 0 to 18446744073709551615",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            _ => null,
        } : null;
        return expected is null ? message : $"{m.Groups["option"].Value} must be {expected} (got '{m.Groups["value"].Value}').";
    }

    /// <summary>
    /// System.CommandLine reads a number's commas as thousands separators, so "--lr 1,5" would silently be 15:
    /// returns the message refusing the first numeric option value that holds a comma, or null.
    /// </summary>
    private static string? NumberWithComma(ParseResult parse)
    {
        for (CommandResult? command = parse.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            foreach (OptionResult option in command.Children.OfType<OptionResult>())
            {
                Type type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
                if (type == typeof(double) || type == typeof(double[]))
                {
                    foreach (Token token in option.Tokens.Where(t => t.Value.Contains(',', StringComparison.Ordinal)))
                    {
                        return $"{option.Option.Name} must be a number written with a decimal point, not a comma (got '{token.Value}').";
                    }
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.$")]
    private static partial Regex UnparsableValue();

    public static string OneLine(Exception e)
    {
        // ArgumentException appends " (Parameter 'x')"; the message already names the parameter.
        string message = e is ArgumentException a && a.ParamName is not null
            ? a.Message.Replace($" (Parameter '{a.ParamName}')", string.Empty, StringComparison.Ordinal)
            : e.Message;
        return message.ReplaceLineEndings(" ");
    }

    /// <summary>Round-trip formatting; infinities as "inf" so numpy and pandas read them.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The console that progress bars draw on: stderr, or none with --quiet or when stderr is not a terminal.</summary>
    public static IAnsiConsole? ProgressConsole(bool quiet) => quiet || Console.IsErrorRedirected
        ? null
        : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Ansi = AnsiSupport.Yes, Interactive = InteractionSupport.Yes });

    /// <summary>
    /// The --out folder and the --plot folder of a command, both prepared before any work (see
    /// <see cref="PrepareOutputFolder"/>); Plot is null when --plot is absent or names the --out folder, which is then
    /// one set of files. Dispose the pair when the run ends.
    /// </summary>
    public static OutputFolders PrepareOutputFolders(string? outDir, string? plotDir)
    {
        OutputFolder? output = outDir is null ? null : PrepareOutputFolder(outDir);
        try
        {
            bool shared = output is not null && plotDir is not null && FolderPath(plotDir) == output.Path;
            return new OutputFolders(output, plotDir is null || shared ? null : PrepareOutputFolder(plotDir, "--plot"));
        }
        catch
        {
            output?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates an output folder, checks that files can be written in it, and takes it for this run (see
    /// <see cref="OutputFolder"/>), before any long work whose results would go there. Dispose it when the run ends;
    /// call <see cref="OutputFolder.Complete"/> once every file is written.
    /// </summary>
    public static OutputFolder PrepareOutputFolder(string folder, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new UsageException($"{option} needs a folder name (got '{folder}').");
        }

        string full = FolderPath(folder);

        if (File.Exists(full))
        {
            throw new UsageException($"{option} '{folder}' is a file, not a folder.");
        }

        string probe = Path.Combine(full, $".theory-probe{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write in {option} folder '{full}': {e.Message.Replace(probe, full, StringComparison.Ordinal)}", e);
        }

        return OutputFolder.Open(full, option);
    }

    /// <summary>A folder's full path without a trailing separator (the root stays "/"), so two spellings compare equal.</summary>
    public static string FolderPath(string folder)
    {
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return full.Length == 0 ? Path.DirectorySeparatorChar.ToString() : full;
    }

    /// <summary>Writes a text file atomically: to a temporary file beside it, then a rename.</summary>
    public static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new UsageException($"output folder '{dir}' does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new UsageException($"'{full}' is a folder; give a file name to write.");
        }

        Theory.Data.OutputFile.Write(full, stream =>
        {
            using var writer = new StreamWriter(stream);
            write(writer);
        });
    }
}

/// <summary>A problem with how the command was called (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
