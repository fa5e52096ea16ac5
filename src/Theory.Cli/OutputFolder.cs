using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text.Json;
using Theory.Data;

namespace Theory.Cli;

/// <summary>
/// A folder that one run writes its set of files to (<c>--out</c>, <c>--plot</c>). While the run holds it, the folder
/// is locked: a second run that asks for it is refused with one line. On opening, the files that an earlier run's
/// manifest lists are removed with the manifest, so that the folder never mixes two runs' sets. A user's own files
/// stay. On completion the run writes <c>run.json</c> last: the command line, every option's effective value,
/// version and commit, .NET, CPU, SIMD path, start and end time, and every file with its SHA-256. A set is complete
/// exactly when run.json is there and its hashes match; an interrupted run leaves none.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The manifest's name.</summary>
    public const string ManifestName = "run.json";

    private const string LockName = ".theory.lock";

    private readonly FileStream _lock;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly int _writtenBefore;

    private OutputFolder(string path, FileStream folderLock)
    {
        Path = path;
        _lock = folderLock;
        _writtenBefore = OutputFile.Written.Count;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates (or takes over) the folder: locks it, clears leftovers and the earlier run's listed files.</summary>
    public static OutputFolder Open(string full, string option)
    {
        Directory.CreateDirectory(full);
        FileStream folderLock;
        try
        {
            folderLock = new FileStream(System.IO.Path.Combine(full, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new UsageException($"{option} '{Theory.Guard.Quote(full)}' is being written by another theory run; wait for it or give another folder.");
        }

        OutputFile.DeleteStaleTemporaryFiles(full); // left by a run killed with SIGKILL
        string manifest = System.IO.Path.Combine(full, ManifestName);
        if (File.Exists(manifest))
        {
            string[] earlier = ListedFiles(manifest);
            File.Delete(manifest); // first: a run stopped from here on leaves no manifest, so no set that looks complete
            foreach (string name in earlier)
            {
                string file = System.IO.Path.Combine(full, name);
                if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) == full && File.Exists(file) && OutputFile.NotRegular(file) is null)
                {
                    File.Delete(file);
                }
            }
        }

        return new OutputFolder(full, folderLock);
    }

    /// <summary>Writes run.json, listing the files this run wrote into the folder.</summary>
    public void Complete(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string[] files = [.. OutputFile.Written.Skip(_writtenBefore)
            .Where(f => System.IO.Path.GetDirectoryName(f) == Path && System.IO.Path.GetFileName(f) != ManifestName)
            .Distinct()
            .Order(StringComparer.Ordinal)];
        string version = Version;
        var manifest = new Dictionary<string, object?>
        {
            // The parsed command's own tokens, not the process's: under `theory reproduce` they are the claim's subcommand.
            ["command"] = "theory " + string.Join(' ', parse.Tokens.Select(t => Quoted(t.Value))),
            ["options"] = EffectiveOptions(parse),
            ["version"] = version.Split('+')[0],
            ["commit"] = version.Contains('+', StringComparison.Ordinal) ? version.Split('+')[1] : "unknown",
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["cpu"] = CpuModel(),
            ["simd"] = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar",
            ["processors"] = Environment.ProcessorCount,
            ["started"] = _started.ToString("O", CultureInfo.InvariantCulture),
            ["finished"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["files"] = files.Select(f => new Dictionary<string, object>
            {
                ["name"] = System.IO.Path.GetFileName(f),
                ["bytes"] = new FileInfo(f).Length,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))),
            }).ToArray(),
        };
        CliApp.WriteAtomically(System.IO.Path.Combine(Path, ManifestName), w => w.Write(JsonSerializer.Serialize(manifest, JsonOutput.Options) + "\n"));
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            File.Delete(System.IO.Path.Combine(Path, LockName));
        }
        catch (IOException)
        {
            // another run took the lock the moment it was released: its file now
        }
    }

    private static string[] ListedFiles(string manifest)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(manifest));
            return [.. doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Where(n => n.Length > 0 && n == System.IO.Path.GetFileName(n))];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return []; // not a manifest this tool wrote: remove nothing but it
        }
    }

    // Every option of the command with the value it had (given or default), by name.
    private static SortedDictionary<string, object?> EffectiveOptions(ParseResult parse)
    {
        MethodInfo generic = typeof(ParseResult).GetMethods()
            .First(m => m.Name == nameof(ParseResult.GetValue) && m.IsGenericMethodDefinition
                && m.GetParameters() is [{ ParameterType: { IsGenericType: true } p }] && p.GetGenericTypeDefinition() == typeof(Option<>));
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (Option option in parse.CommandResult.Command.Options.Where(o => o.Name is not ("--help" or "-h" or "--version")))
        {
            values[option.Name] = generic.MakeGenericMethod(option.ValueType).Invoke(parse, [option]);
        }

        return values;
    }

    /// <summary>The program's informational version, "VERSION+COMMIT" when built from a checkout.</summary>
    internal static string Version => typeof(OutputFolder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The commit the program was built from, or "unknown".</summary>
    internal static string Commit => Version.Contains('+', StringComparison.Ordinal) ? Version.Split('+')[1] : "unknown";

    /// <summary>The CPU's model name from /proc/cpuinfo (else the architecture).</summary>
    internal static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Quoted(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_.,/=:+".Contains(c, StringComparison.Ordinal)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}

/// <summary>A command's --out and --plot folders (<see cref="CliApp.PrepareOutputFolders"/>).</summary>
/// <param name="Out">The --out folder, or null.</param>
/// <param name="Plot">The --plot folder when it is not the --out folder, or null.</param>
internal sealed record OutputFolders(OutputFolder? Out, OutputFolder? Plot) : IDisposable
{
    /// <summary>Where figures go: the --plot folder, or the --out folder when --plot names it; null without --plot.</summary>
    public string? PlotPath(string? plotDir) => plotDir is null ? null : Plot?.Path ?? Out!.Path;

    /// <inheritdoc/>
    public void Dispose()
    {
        Plot?.Dispose();
        Out?.Dispose();
    }
}
