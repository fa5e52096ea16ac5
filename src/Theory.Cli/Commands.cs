using System.CommandLine;

namespace Theory.Cli;

/// <summary>The <c>theory</c> command and its subcommands, built in one place for Program and for <c>theory reproduce</c>.</summary>
internal static class Commands
{
    /// <summary>A fresh root command with every subcommand.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("Theory: checks that energy-efficient synapses look Bayesian, by closed form and by simulation.");
        root.Subcommands.Add(SolveCommand.Create());
        root.Subcommands.Add(LinearCommand.Create());
        root.Subcommands.Add(SlopesCommand.Create());
        root.Subcommands.Add(BoundCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(TradeoffCommand.Create());
        root.Subcommands.Add(SynapsesCommand.Create());
        root.Subcommands.Add(PosteriorCommand.Create());
        root.Subcommands.Add(AuthorsCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(PlasticityCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ReproduceCommand.Create());
        return root;
    }
}
