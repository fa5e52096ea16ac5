using Theory.Cli;

return CliApp.Run(Commands.Root(), args);
