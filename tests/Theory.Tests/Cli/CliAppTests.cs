using Theory.Cli;
using Xunit;

namespace Theory.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void A_wrapped_failure_from_parallel_work_is_reported_as_itself()
    {
        var err = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(err);
        try
        {
            int code = CliApp.Guarded(() => throw new AggregateException(new InvalidDataException("x.idx: truncated."), new IOException("second")));
            Assert.Equal(CliApp.Failure, code);
            code = CliApp.Guarded(() => throw new AggregateException(new ArgumentException("rho must be positive.", "rho")));
            Assert.Equal(CliApp.BadArguments, code);
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Equal(["theory: x.idx: truncated.", "theory: rho must be positive."], err.ToString().TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_failed_atomic_write_names_the_file_asked_for_not_its_temporary()
    {
        // /proc refuses new files even to root.
        var e = Assert.Throws<IOException>(() => CliApp.WriteAtomically("/proc/theory-test.csv", w => w.Write("x")));
        Assert.StartsWith("cannot write '/proc/theory-test.csv': ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/proc/theory-test.csv"));
    }

    [Theory]
    [InlineData(-0.6342, 3, "-0.634")]
    [InlineData(999999999.5, 3, "999999999.500")]
    [InlineData(1.78446e150, 3, "1.78446E+150")]
    [InlineData(double.PositiveInfinity, 3, "inf")]
    [InlineData(-1.2e-5, 3, "-1.2E-05")]
    [InlineData(1e-300, 4, "1E-300")]
    [InlineData(0.0, 3, "0.000")]
    [InlineData(-0.0004, 3, "-0.0004")]
    [InlineData(-0.0005, 3, "-0.001")]
    public void Table_numbers_stay_short_however_large_and_never_hide_a_small_one_as_zero(double value, int digits, string expected) =>
        Assert.Equal(expected, TextTable.Fixed(value, digits));

    [Fact]
    public void A_percentage_that_is_not_a_number_says_so()
    {
        Assert.Equal("n/a", TextTable.Percent(double.NaN));
        Assert.Equal("n/a", TextTable.Percent(double.PositiveInfinity));
        Assert.Equal("92.66%", TextTable.Percent(0.9266));
    }

    [Fact]
    public void An_unknown_command_is_named_and_a_long_one_is_cut()
    {
        var r = CliRunner.Run(null, "foo");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: unknown command 'foo': give one of solve, linear, slopes, bound, data, tradeoff, synapses, posterior, authors, prune, plasticity, import, reproduce (theory --help says what each does).", r.Stderr.TrimEnd('\n'));
        var odd = CliRunner.Run(null, "a\u0007" + new string('x', 100));
        Assert.StartsWith("theory: unknown command 'a?xxx", odd.Stderr, StringComparison.Ordinal);
        Assert.Contains("xxx...'", odd.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_that_cannot_be_written_is_one_line_and_exit_1()
    {
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"dotnet '{Path.Combine(AppContext.BaseDirectory, "theory.dll")}' --help > /dev/full");
        using var p = System.Diagnostics.Process.Start(info)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        Assert.Equal("theory: cannot write the output: No space left on device", err.TrimEnd('\n'));
    }

    [Fact]
    public void A_folder_or_a_missing_file_as_response_file_is_one_line()
    {
        // Found by fuzz/run.sh (target options): System.CommandLine read "@." as a response file and threw from the parser.
        var folder = CliRunner.Run(null, "@.");
        Assert.Equal(2, folder.ExitCode);
        Assert.Equal("theory: @. names the folder '.'; an @ argument is a response file of arguments, one per line.", folder.Stderr.TrimEnd('\n'));
        var missing = CliRunner.Run(null, "@/no/such/file");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("theory: no response file '/no/such/file' (named by @/no/such/file); an @ argument is a file of arguments, one per line.", missing.Stderr.TrimEnd('\n'));
        string file = Path.GetTempFileName();
        File.WriteAllText(file, "solve\n--rho\n2\n");
        var used = CliRunner.Run("4\n", "@" + file);
        Assert.Equal(0, used.ExitCode);
        Assert.EndsWith("4,0.022360679774997897,0.24937655860349128,0.25,ok\n", used.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_names_the_commands()
    {
        var r = CliRunner.Run(null);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("theory: give a command: solve, linear, slopes, bound, data, tradeoff, synapses, posterior, authors, prune, plasticity, import, reproduce (theory --help says what each does).", r.Stderr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("Cannot parse argument 'x' for option '--lr' as expected type 'System.Double'.", "--lr must be a number (got 'x').")]
    [InlineData("Cannot parse argument '' for option '--k' as expected type 'System.Nullable`1[System.Int32]'.", "--k must be a whole number up to 2147483647 (got '').")]
    [InlineData("Cannot parse argument 'x' for option '--m' as expected type 'Theory.Mechanism'.", "Cannot parse argument 'x' for option '--m' as expected type 'Theory.Mechanism'.")]
    [InlineData("Unrecognized command or argument 'x'.", "Unrecognized command or argument 'x'.")]
    public void Parse_errors_name_the_expected_value_in_words(string message, string expected) =>
        Assert.Equal(expected, CliApp.ParseErrorMessage(message));
}
