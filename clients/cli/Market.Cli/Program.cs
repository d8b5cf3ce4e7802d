return await Marketplace.Cli.MarketApp.RunAsync(args, Marketplace.Cli.CliEnvironment.FromProcess());
