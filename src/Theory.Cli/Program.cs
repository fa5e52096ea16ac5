using System.CommandLine;
using Theory.Cli;

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
return CliApp.Run(root, args);
