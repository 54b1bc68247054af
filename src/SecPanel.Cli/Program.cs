using SecPanel.Cli;

return SecPanelCommand.Run(args, Console.Out, Console.Error);
