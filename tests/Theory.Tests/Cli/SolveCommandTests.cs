using System.Globalization;
using Theory.Analytic;
using Theory.Cli;
using Xunit;

namespace Theory.Tests.Cli;

public class SolveCommandTests
{
    [Fact]
    public void Reads_stdin_and_writes_sigma_star_and_variances_as_csv()
    {
        var r = CliRunner.Run("100\n0\n2.5\n", "solve", "--mechanism", "trafficking", "--sigma0", "10");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Trim().Split('\n');
        Assert.Equal("gram_diagonal,sigma_star,v_mf,v_large_prior,status", lines[0]);
        string[] first = lines[1].Split(',');
        Assert.Equal(OptimalNoise.Sigma(2, 1e-3, 1, 100), double.Parse(first[1], CultureInfo.InvariantCulture));
        Assert.Equal(1 / (100 + 0.01), double.Parse(first[2], CultureInfo.InvariantCulture), 15);
        Assert.Equal("0,inf,100,inf,unconstrained", lines[2]);
        Assert.Contains("1 of 3 synapses have A_ii = 0", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_named_csv_column_and_writes_a_file()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string input = Path.Combine(dir, "a.csv");
        File.WriteAllText(input, "pixel,A_ii\n0,4\n1,9\n");
        string output = Path.Combine(dir, "out.csv");
        var r = CliRunner.Run(null, "solve", input, "--rho", "0.5", "--column", "A_ii", "--out", output);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("4,", lines[1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
    }

    [Fact]
    public void Reads_quoted_csv_fields_as_pandas_writes_them()
    {
        // A quoted comma does not split a field, "" inside quotes is one quote, and quoted numbers are numbers.
        var r = CliRunner.Run("\"name, first\",A_ii\n\"x,1\",3\n\"y \"\"q\"\"\",\"4.5\"\n", "solve", "--rho", "1", "--column", "A_ii");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("3,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4.5,", lines[2], StringComparison.Ordinal);
        Assert.Equal(["name, first", "A_ii"], ImportanceReader.SplitFields("\"name, first\",A_ii", "t", 1));
        Assert.Equal(["y \"q\"", "", "4.5"], ImportanceReader.SplitFields("\"y \"\"q\"\"\",,4.5", "t", 1));
    }

    [Theory]
    [InlineData("1\n", new[] { "solve" }, "give --rho R or --mechanism NAME")]
    [InlineData("1\n", new[] { "solve", "--rho", "-1" }, "--rho must be positive")]
    [InlineData("1\n", new[] { "solve", "--rho", "1", "--mechanism", "actin" }, "not both")]
    [InlineData("1\n", new[] { "solve", "--mechanism", "kinesin" }, "unknown mechanism 'kinesin'")]
    [InlineData("1\nabc\n", new[] { "solve", "--rho", "1" }, "stdin:2: 'abc' is not a finite number")]
    [InlineData("-3\n", new[] { "solve", "--rho", "1" }, "stdin:1: importance -3 is negative")]
    [InlineData("a,a\n1,2\n", new[] { "solve", "--rho", "1", "--column", "a" }, "stdin: column 'a' appears 2 times in the header; give its position (--column 0) instead.")]
    [InlineData("1\n\u001b[31mred\n", new[] { "solve", "--rho", "1" }, "stdin:2: '?[31mred' is not a finite number.")]
    [InlineData("5 # first\n2\n", new[] { "solve", "--rho", "1" }, "stdin:1: '5 # first' is not a finite number.")]
    [InlineData("1e5x\n2\n", new[] { "solve", "--rho", "1" }, "stdin:1: '1e5x' is not a finite number.")]
    [InlineData("inf\n2\n", new[] { "solve", "--rho", "1" }, "stdin:1: 'inf' is not a finite number.")]
    [InlineData("2\n1,5\n", new[] { "solve", "--rho", "1" }, "stdin:2: 2 comma-separated fields; give --column to choose one (or, for a decimal comma, write 1.5).")]
    [InlineData("0,25\n", new[] { "solve", "--rho", "1" }, "stdin:1: 2 comma-separated fields; give --column to choose one (or, for a decimal comma, write 0.25).")]
    [InlineData("", new[] { "solve", "--rho", "1" }, "no importances found")]
    [InlineData("1\n", new[] { "solve", "--rho", "1", "--s", "0" }, "s must be positive")]
    [InlineData("1\n", new[] { "solve", "--rho", "1", "--sigma-y", "nan" }, "--sigma-y must be positive")]
    [InlineData("1\n", new[] { "solve", "--rho", "1", "--sigma0", "1e-200" }, "--sigma0 must lie between about 1e-154 and 1e154")]
    [InlineData("1\n", new[] { "solve", "/no/such/file", "--rho", "1" }, "input file '/no/such/file' does not exist")]
    [InlineData("A\n\"3\n", new[] { "solve", "--rho", "1", "--column", "A" }, "stdin:2: a quoted field is never closed.")]
    [InlineData("1\n", new[] { "solve", "--rho", "1", "--out", "/" }, "theory: '/' is a folder; give a file name to write.")]
    [InlineData("1\n", new[] { "solve", "--rho", "one" }, "--rho must be a number (got 'one').")]
    [InlineData("1\n", new[] { "solve", "--rho", "1,5" }, "--rho must be a number written with a decimal point, not a comma (got '1,5').")]
    public void Bad_input_gives_one_line_and_exit_code_2(string stdin, string[] args, string message)
    {
        var r = CliRunner.Run(stdin, args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
        string err = r.Stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', err);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.StartsWith("theory: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_to_a_device_is_refused_and_the_device_left_alone()
    {
        var r = CliRunner.Run("1\n", "solve", "--rho", "0.5", "--out", "/dev/null");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("theory: '/dev/null' is a device, not a regular file; Theory replaces only regular files, so give another name.", r.Stderr.TrimEnd('\n'));
        Assert.Equal("a device", Theory.Data.OutputFile.NotRegular("/dev/null"));
    }

    [Fact]
    public void A_huge_field_is_echoed_cut_to_one_short_line()
    {
        var r = CliRunner.Run("1\n" + new string('x', 200_000) + "\n", "solve", "--rho", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: stdin:2: '" + new string('x', 57) + "...' is not a finite number.", r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Closed_stdin_is_one_line_and_exit_2_not_a_hang()
    {
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "theory.dll")}' solve --rho 0.5 <&-");
        using var p = System.Diagnostics.Process.Start(info)!;
        bool exited = p.WaitForExit(60_000);
        if (!exited)
        {
            p.Kill(entireProcessTree: true);
        }

        Assert.True(exited, "solve with stdin closed still waits for input");
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("theory: stdin is closed: give a FILE of importances, or pipe them in.", p.StandardError.ReadToEnd().TrimEnd('\n'));
        Assert.Empty(p.StandardOutput.ReadToEnd());
    }
}
