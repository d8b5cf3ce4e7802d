using Marketplace.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Marketplace.Cli;

/// <summary>
/// `market`: the marketplace's REST API for terminals and scripts, on the typed client generated from
/// docs/openapi.json. Every command takes --json; exit codes are in <see cref="ExitCodes"/>.
/// </summary>
public static class MarketApp
{
    public static Task<int> RunAsync(string[] args, CliEnvironment env)
    {
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(CliEnvironment), env);
        var app = new CommandApp(registrar);
        app.Configure(c =>
        {
            c.SetApplicationName("market");
            c.Settings.Console = env.Out;
            c.Settings.ExceptionHandler = (ex, _) =>
            {
                env.Error.WriteLine(ex.Message);
                return ExitCodes.Invalid;
            };
            c.AddCommand<LoginCommand>("login").WithDescription("Check an API key and keep it for the next commands (mode 0600).");
            c.AddBranch("clusters", clusters =>
            {
                clusters.SetDescription("Providers' clusters.");
                clusters.AddCommand<ClusterListCommand>("list").WithDescription("Clusters you may see.");
                clusters.AddCommand<ClusterCreateCommand>("create").WithDescription("List a cluster (provider).");
                clusters.AddCommand<ClusterCalendarCommand>("calendar").WithDescription("A cluster's node holds over time.");
            });
            c.AddBranch("bid", bid =>
            {
                bid.SetDescription("Tenants' bids.");
                bid.AddCommand<BidQuoteCommand>("quote").WithDescription("What the market would do with a bid now, and alternatives.");
                bid.AddCommand<BidPlaceCommand>("place").WithDescription("Place a bid; --wait follows it to its booking.");
                bid.AddCommand<BidListCommand>("list").WithDescription("Your bids, with the market's last decision.");
                bid.AddCommand<BidCancelCommand>("cancel").WithDescription("Cancel an open bid.");
            });
            c.AddBranch("outage", outage =>
            {
                outage.SetDescription("Failed nodes (the cluster's provider, admin).");
                outage.AddCommand<OutageReportCommand>("report").WithDescription("Report nodes down; bookings on them are moved or credited.");
                outage.AddCommand<OutageListCommand>("list").WithDescription("A cluster's outages and what they did to bookings.");
                outage.AddCommand<OutageEndCommand>("end").WithDescription("The nodes are bookable again from --at.");
            });
            c.AddCommand<EventsCommand>("events").WithDescription("Your organization's events, oldest first, from a cursor.");
            c.AddCommand<BookingsCommand>("bookings").WithDescription("Bookings you are part of.");
            c.AddCommand<LedgerCommand>("ledger").WithDescription("Your ledger entries.");
            c.AddCommand<PlanCommand>("plan").WithDescription("Plan a training run: GPUs, hours, price, and the bid to place.");
            c.AddBranch("recon", recon =>
            {
                recon.SetDescription("Reconciliations (admin).");
                recon.AddCommand<ReconRunCommand>("run").WithDescription("Start one; --wait shows progress and the discrepancies.");
            });
        });
        return app.RunAsync(args);
    }
}
