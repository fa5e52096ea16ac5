using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

/// <summary>The weight-matrix file of <c>theory prune --structure FILE</c>: text and .npy, and every refusal.</summary>
public class MatrixFileTests
{
    private static string Temp(string name, string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Text_with_commas_or_spaces_and_npy_read_to_the_same_matrix()
    {
        (double[] a, int n) = MatrixFile.ReadSquare(Temp("w.csv", "# W\n0, 1.5, -2\n1.5 0 3e-1\n-2,0.3,0\n"));
        Assert.Equal(3, n);
        Assert.Equal([0, 1.5, -2, 1.5, 0, 0.3, -2, 0.3, 0], a);
        string npy = Path.Combine(Directory.CreateTempSubdirectory().FullName, "w.npy");
        NpyWriter.Write(npy, a, 3, 3);
        (double[] b, int m) = MatrixFile.ReadSquare(npy);
        Assert.Equal(3, m);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("0,1,2\n3,4,5\n", "the matrix is 2 x 3; it must be square")]
    [InlineData("0,1\n3\n", ":2: 1 entries, the first row has 2.")]
    [InlineData("0,x\n1,0\n", ":1: 'x' is not a number.")]
    [InlineData("0,NaN\n1,0\n", "entry (1, 2) is NaN; every entry must be finite.")]
    [InlineData("# nothing\n", "no matrix rows in the file.")]
    [InlineData("5\n", "the matrix is 1 x 1; it must be square with at least 2 rows.")]
    public void Bad_files_are_refused_naming_the_problem(string text, string message)
    {
        IOException e = Assert.Throws<IOException>(() => MatrixFile.ReadSquare(Temp("w.txt", text)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_three_dimensional_npy_and_a_missing_file_are_refused()
    {
        string npy = Path.Combine(Directory.CreateTempSubdirectory().FullName, "w.npy");
        NpyWriter.Write(npy, new double[8], 2, 2, 2);
        Assert.Contains("must be 2-D", Assert.Throws<IOException>(() => MatrixFile.ReadSquare(npy)).Message, StringComparison.Ordinal);
        Assert.Contains("no matrix file", Assert.Throws<IOException>(() => MatrixFile.ReadSquare(npy + ".missing")).Message, StringComparison.Ordinal);
    }
}
