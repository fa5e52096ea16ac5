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
}
