using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Theory.Data;

/// <summary>
/// How every output of the project is written: to a temporary file beside the target, then renamed over it, so that a
/// reader never sees half a file. Only a regular file (or nothing) at the target is replaced: a symlink, FIFO, device
/// or socket there is refused with one line and left as it was, since renaming over it would put a regular file where
/// the user (or the system: /dev/full, a named pipe) had something else.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The target is not a regular file, or the write failed (the message names the target).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is null)
        {
            throw new IOException($"'{full}' is a folder; give a file name to write.");
        }

        if (NotRegular(full) is { } kind)
        {
            throw new IOException($"'{full}' is {kind}, not a regular file; Theory replaces only regular files, so give another name.");
        }

        string temp = full + TempSuffix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Active[temp] = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
            Written.Enqueue(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reason, about the file the user named rather than the temporary one beside it.
            throw new IOException($"cannot write '{full}': {e.Message.Replace(temp, full, StringComparison.Ordinal)}", e);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            Active.TryRemove(temp, out _);
        }
    }

    /// <summary>Every file this process has written, full paths in order (a run's manifest lists its folder's share).</summary>
    public static ConcurrentQueue<string> Written { get; } = new();

    /// <summary>What a temporary file's name ends in, before the writing process's id.</summary>
    public const string TempSuffix = ".tmp";

    // Temporary files being written now, for <see cref="DeleteTemporaryFiles"/>.
    private static readonly ConcurrentDictionary<string, byte> Active = new();

    /// <summary>Deletes the temporary files this process is writing (SIGINT and SIGTERM call it before the process ends).</summary>
    public static void DeleteTemporaryFiles()
    {
        foreach (string temp in Active.Keys)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // best effort: the process is going down
            }
        }
    }

    /// <summary>
    /// Deletes, in <paramref name="folder"/>, the temporary files of writers that no longer run (a run killed with
    /// SIGKILL leaves NAME.tmpPID behind); returns how many. A file whose process still runs is left to it.
    /// </summary>
    public static int DeleteStaleTemporaryFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string file in Directory.GetFiles(folder, "*" + TempSuffix + "*"))
        {
            string name = Path.GetFileName(file);
            int at = name.LastIndexOf(TempSuffix, StringComparison.Ordinal);
            if (at <= 0 || !int.TryParse(name[(at + TempSuffix.Length)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || Running(pid))
            {
                continue;
            }

            File.Delete(file);
            deleted++;
        }

        return deleted;
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// What is at <paramref name="path"/> when it is neither absent nor a regular file ("a symlink", "a FIFO", "a
    /// device", "a socket"), else null. Symlinks are seen by .NET on every system; the other kinds by lstat(2) on Linux.
    /// </summary>
    public static string? NotRegular(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return "a symlink";
        }

        if (!info.Exists || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var stat = new byte[256]; // struct stat is 144 bytes on x86-64 and 128 on arm64
        if (LinuxLstat(path, stat) != 0)
        {
            return null;
        }

        int offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24, // st_dev, st_ino, st_nlink (8 bytes each), then st_mode
            Architecture.Arm64 => 16, // st_dev, st_ino, then st_mode
            _ => -1,
        };
        if (offset < 0)
        {
            return null;
        }

        uint type = BitConverter.ToUInt32(stat, offset) & 0xF000; // S_IFMT
        return type switch
        {
            0x8000 => null, // S_IFREG
            0x1000 => "a FIFO",
            0x2000 or 0x6000 => "a device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
    }

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LinuxLstat(string path, byte[] buffer);
}
