using SecPanel.Cli;

// The composition root: the one place the real clock is taken.
#pragma warning disable RS0030
return SecPanelCommand.Run(args, Console.Out, Console.Error, NodaTime.SystemClock.Instance);
#pragma warning restore RS0030
