using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Theory.Data;

namespace Theory.Sweeps;

/// <summary>
/// The finished tasks of a sweep, one small JSON file each in <c>tasks/</c> of the sweep's folder, named by the task's
/// stable id and written atomically (a temporary file, then a rename), so that a task file is there in full or not
/// at all: a sweep killed at any moment, even with SIGKILL, loses only its running tasks, and the same command again
/// runs only what is missing. Shards of one sweep (array tasks on a cluster) write disjoint files into one folder.
/// </summary>
/// <typeparam name="T">A task's result record (doubles round-trip exactly, NaN and infinities included).</typeparam>
public sealed class TaskStore<T>
{
    /// <summary>The subfolder that holds the task files.</summary>
    public const string TasksFolder = "tasks";

    /// <summary>Opens (creating it if missing) the task folder of the sweep folder <paramref name="folder"/>.</summary>
    public TaskStore(string folder)
    {
        Folder = Path.Combine(Path.GetFullPath(folder), TasksFolder);
        Directory.CreateDirectory(Folder);
    }

    private static JsonSerializerOptions Json => TaskJson.Options;

    /// <summary>The folder of the task files.</summary>
    public string Folder { get; }

    /// <summary>A task's file.</summary>
    public string PathOf(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+') || id.StartsWith('.'))
        {
            throw new ArgumentException($"a task id is letters, digits and -_.+ only (got {Guard.Quote(id)}).", nameof(id));
        }

        return Path.Combine(Folder, id + ".json");
    }

    /// <summary>The finished task's result, or null when it has not finished (no file, or a file that does not parse as one).</summary>
    public T? Read(string id)
    {
        string path = PathOf(id);
        if (!File.Exists(path))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return default; // not one of ours (the writes are atomic): the task runs again and replaces it
        }
    }

    /// <summary>Writes a finished task's result atomically.</summary>
    public void Write(string id, T result) =>
        OutputFile.Write(PathOf(id), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(JsonSerializer.Serialize(result, Json) + "\n");
        });

    /// <summary>
    /// Deletes the temporary files of task writers that no longer run on this machine. Only for a process that knows
    /// no other shard writes here (an unsharded run, or the merge after every shard ended): shards on other nodes of a
    /// cluster have process ids this machine cannot see.
    /// </summary>
    public int DeleteStaleTemporaryFiles() => OutputFile.DeleteStaleTemporaryFiles(Folder);

    /// <summary>Removes every task file (for --force).</summary>
    public void Clear()
    {
        foreach (string file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            File.Delete(file);
        }
    }
}

/// <summary>How task files are written, and the stable hashes that task ids carry.</summary>
public static class TaskJson
{
    /// <summary>Indented, snake_case, enums by name, NaN and infinities as named literals (they round-trip; Python's json reads them).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A short stable hash (16 hex digits of SHA-256) of a value's JSON, for ids that change when any setting does.</summary>
    public static string Hash<TValue>(TValue value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Options))))[..16];
}

/// <summary>
/// Shard i of n (1-based, as SLURM's array task ids are given): the tasks whose index is i - 1 modulo n. The shards
/// of a sweep are disjoint and cover it, and a task's result does not depend on which shard ran it.
/// </summary>
/// <param name="Index">i, from 1 to <paramref name="Count"/>.</param>
/// <param name="Count">n, at least 1.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole sweep.</summary>
    public static Shard All { get; } = new(1, 1);

    /// <summary>"i/n", as --shard takes it.</summary>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            && n >= 1 && n <= 100_000 && i >= 1 && i <= n)
        {
            return new Shard(i, n);
        }

        throw new FormatException($"a shard is i/n with 1 <= i <= n <= 100000, such as 2/8 (got '{Guard.Quote(text)}').");
    }

    /// <summary>Whether the task at <paramref name="taskIndex"/> (0-based, in the sweep's order) is this shard's.</summary>
    public bool Owns(int taskIndex) => taskIndex % Count == Index - 1;

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
