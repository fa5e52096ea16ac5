using System.Text.RegularExpressions;
using Xunit;

namespace Theory.Tests.Cli;

/// <summary>
/// Every subcommand has its reference page, docs/commands/NAME.md, whose Options block is exactly what
/// <c>theory NAME --help</c> prints, so that the page and the command cannot drift apart (issue 33). After changing
/// an option, <c>docs/update-help.sh</c> rewrites the blocks (it runs this test with THEORY_UPDATE_DOCS=1).
/// </summary>
public partial class CommandDocsTests
{
    private static readonly string Docs = Path.Combine(RepositoryRoot(), "docs", "commands");

    public static TheoryData<string> Commands() =>
        [.. Theory.Cli.Commands.Root().Subcommands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void The_page_of_each_command_shows_its_help_verbatim(string command)
    {
        string page = Path.Combine(Docs, command + ".md");
        Assert.True(File.Exists(page), $"docs/commands/{command}.md is missing: every subcommand has a page");
        CliRunner.Outcome help = CliRunner.Run(null, command, "--help");
        Assert.Equal(0, help.ExitCode);
        string text = File.ReadAllText(page);
        Match block = OptionsBlock().Match(text);
        Assert.True(block.Success, $"docs/commands/{command}.md has no '## Options' section with a ```text block");
        string expected = help.Stdout.TrimEnd('\n');
        if (Environment.GetEnvironmentVariable("THEORY_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(page, text[..block.Groups["help"].Index] + expected + text[(block.Groups["help"].Index + block.Groups["help"].Length)..]);
            return;
        }

        Assert.True(expected == block.Groups["help"].Value,
            $"docs/commands/{command}.md's Options block differs from 'theory {command} --help'; run docs/update-help.sh");
        Assert.StartsWith($"# `theory {command}`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_links_every_command_page_and_each_link_resolves()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (string command in Theory.Cli.Commands.Root().Subcommands.Select(c => c.Name))
        {
            Assert.Contains($"(docs/commands/{command}.md)", readme, StringComparison.Ordinal);
        }

        // Every relative link of the README and of the docs pages names a file that exists.
        foreach (string file in Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(root, "README.md")))
        {
            foreach (Match link in Link().Matches(File.ReadAllText(file)))
            {
                string target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.StartsWith("http", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, target)) || Directory.Exists(Path.Combine(Path.GetDirectoryName(file)!, target)),
                    $"{Path.GetRelativePath(root, file)} links to {target}, which does not exist");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Theory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("not inside the repository");
    }

    [GeneratedRegex(@"## Options\n(?:.*\n)*?```text\n(?<help>(?:.*\n)*?.*?)\n```", RegexOptions.None)]
    private static partial Regex OptionsBlock();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
