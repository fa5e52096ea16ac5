using System.Buffers.Binary;
using System.IO.Compression;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("theory-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static byte[] ImageFile(int count, int rows, int cols, int magic = IdxReader.ImageMagic, int extra = 0, int missing = 0)
    {
        var bytes = new byte[16 + count * rows * cols + extra - missing];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 37);
        }

        return bytes;
    }

    internal static byte[] LabelFile(byte[] labels, int magic = IdxReader.LabelMagic, int claimed = -1)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), claimed >= 0 ? claimed : labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(_dir, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Good_files_read_back_plain_and_gzipped(bool gzip)
    {
        byte[] image = ImageFile(3, 2, 4);
        var images = IdxReader.ReadImages(Write("img", image, gzip));
        Assert.Equal((3, 2, 4, 8), (images.Count, images.Rows, images.Columns, images.Size));
        Assert.Equal(image.AsSpan(16).ToArray(), images.Pixels);
        Assert.Equal([0, 9, 3], IdxReader.ReadLabels(Write("lab", LabelFile([0, 9, 3]), gzip)));
    }

    [Fact]
    public void Wrong_magic_is_named_with_the_file()
    {
        string path = Write("bad", ImageFile(1, 2, 2, magic: 2049));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path + ": magic number 2049", e.Message, StringComparison.Ordinal);
        string labels = Write("badl", LabelFile([1], magic: 2051));
        Assert.Contains("not that of an IDX label file", Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(labels)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_data_and_headers_are_errors_not_partial_loads()
    {
        string truncated = Write("t", ImageFile(4, 2, 2, missing: 3));
        Assert.Contains("header claims 32 bytes but the file holds 29 (truncated)", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(truncated)).Message, StringComparison.Ordinal);
        string header = Write("h", ImageFile(1, 1, 1).AsSpan(0, 10).ToArray());
        Assert.Contains("truncated header", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(header)).Message, StringComparison.Ordinal);
        string trailing = Write("x", ImageFile(1, 2, 2, extra: 5));
        Assert.Contains("5 bytes after the data", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(trailing)).Message, StringComparison.Ordinal);
        string claims = Write("c", LabelFile([1, 2], claimed: 7));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(claims)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_is_an_error_naming_the_file()
    {
        string full = Write("g", ImageFile(50, 28, 28), gzip: true);
        byte[] bytes = File.ReadAllBytes(full);
        string cut = Write("gcut", bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(cut));
        Assert.StartsWith(cut + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_outside_0_9_are_rejected()
    {
        string path = Write("l", LabelFile([1, 10, 2]));
        Assert.Contains("label 1 is 10, outside 0-9", Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_and_label_count_mismatch_is_an_error()
    {
        var images = IdxReader.ReadImages(Write("i", ImageFile(3, 1, 2)));
        Assert.Contains("3 images but 2 labels", Assert.Throws<ArgumentException>(() => new ImageDataSet(images, [1, 2])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_that_expands_past_its_header_is_stopped_there_and_named()
    {
        // A header for one 2 x 2 image, then 50 MB of zeros: gzip makes that about 50 KB.
        byte[] bomb = [.. ImageFile(1, 2, 2), .. new byte[50_000_000]];
        string path = Write("train-images-idx3-ubyte", bomb, gzip: true);
        Assert.True(new FileInfo(path).Length < 1_000_000);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Equal($"{path}: decompresses past the 20 bytes its IDX header claims; not an IDX file (or a gzip bomb).", e.Message);
    }

    [Fact]
    public void Empty_files_and_folders_in_place_of_files_are_named()
    {
        string images = Write("zero-images", ImageFile(0, 28, 28));
        Assert.Equal($"{images}: header has impossible dimensions 0 x 28 x 28 (no images).", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(images)).Message);
        string labels = Write("zero-labels", LabelFile([]));
        Assert.Equal($"{labels}: header claims 0 labels.", Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(labels)).Message);
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "a-folder")).FullName;
        Assert.Equal($"{folder}: a folder, not an IDX file.", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(folder)).Message);
    }

    [Fact]
    public void A_folder_where_an_mnist_file_belongs_is_refused_before_any_fetch()
    {
        string data = Directory.CreateDirectory(Path.Combine(_dir, "mnist")).FullName;
        string inTheWay = Directory.CreateDirectory(Path.Combine(data, "train-labels-idx1-ubyte")).FullName;
        var e = Assert.Throws<InvalidDataException>(() => MnistFiles.EnsureMnist(data, null, _ => throw new InvalidOperationException("no fetch may start")));
        Assert.Equal($"{inTheWay}: a folder where an MNIST file belongs; remove it, or give --data another folder.", e.Message);
    }

    [Fact]
    public void Training_and_test_images_of_different_sizes_are_refused_naming_both()
    {
        string[] paths =
        [
            Write("tr-i", ImageFile(2, 2, 2)), Write("tr-l", LabelFile([1, 2])), Write("te-i", ImageFile(2, 3, 3)), Write("te-l", LabelFile([3, 4])),
        ];
        var e = Assert.Throws<InvalidDataException>(() => MnistFiles.Load(paths));
        Assert.Equal($"{paths[2]} holds 3 x 3 images, but {paths[0]} holds 2 x 2.", e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        string path = Path.Combine(_dir, "nope");
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_set_normalises_as_the_paper_and_limits_the_count()
    {
        var images = new IdxReader.Images([0, 255, 51, 0, 0, 255], 3, 1, 2);
        var set = new ImageDataSet(images, [1, 2, 3], limit: 2);
        Assert.Equal(2, set.Count);
        var inputs = new double[4];
        set.NormaliseRows(0, 2, inputs);
        Assert.Equal((0 - 0.1307) / 0.3081, inputs[0]);
        Assert.Equal((1 - 0.1307) / 0.3081, inputs[1]);
        Assert.Equal((51 / 255.0 - 0.1307) / 0.3081, inputs[2]);
        Assert.Equal((0 - 0.1307) / 0.3081, inputs[3]);
        var row = new double[2];
        set.NormaliseRow(1, row);
        Assert.Equal(inputs.AsSpan(2, 2).ToArray(), row);
        var rowSingle = new float[2];
        set.NormaliseRow(1, rowSingle);
        Assert.Equal([(float)inputs[2], (float)inputs[3]], rowSingle);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.NormaliseRows(1, 2, inputs)); // past the limit
        Assert.Equal([0.5, 0.5], set.InputRate());
    }
}
