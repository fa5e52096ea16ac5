using System.Diagnostics;

namespace Theory.Tests.Cli;

/// <summary>Runs the built <c>theory</c> command in a child process.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static Outcome Run(string? stdin, params string[] args) => RunIn(null, stdin, args);

    /// <summary><see cref="Run"/> with the child's working directory set (null: this process's).</summary>
    public static Outcome RunIn(string? workingDirectory, string? stdin, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "theory.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        info.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start theory");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"theory {string.Join(' ', args)} did not finish");
        }

        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }
}
