using System.Net;
using Dapper;
using Marketplace.Bidding.Bids;
using Marketplace.Contracts;
using Marketplace.Contracts.Bidding;
using Marketplace.Domain;
using Marketplace.Gateway.Bids;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Marketplace.Bidding.Tests;

/// <summary>
/// ADR 0012: a batch of placements is answered item by item, as each alone would be. When the database refuses one
/// of them (here a trigger of this test's own database refuses five-hour bids as data it cannot store), the
/// others are placed and answered their bids, and only that one gets its problem.
/// </summary>
public sealed class When_the_database_refuses_one_placement_of_a_batch(MarketplaceFixture market) : IClassFixture<MarketplaceFixture>, IAsyncLifetime
{
    private const int RefusedHours = 5;

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString(market.DatabaseOf("bidding")));
        await connection.ExecuteAsync(
            $"""
            create or replace function refuse_some_hours() returns trigger language plpgsql as $$
            begin
                if new.duration_hours = {RefusedHours} then raise exception 'refused by the test' using errcode = '22023'; end if;
                return new;
            end $$;
            drop trigger if exists refuse_some_hours on bids;
            create trigger refuse_some_hours before insert on bids for each row execute function refuse_some_hours();
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_place_the_others_and_answer_only_that_one_its_problem()
    {
        var tenant = await market.NewOrganizationAsync("tenant");
        PlaceBid[] batch = [Placement(tenant.OrganizationId, 4), Placement(tenant.OrganizationId, RefusedHours), Placement(tenant.OrganizationId, 6)];
        await using var scope = market.BiddingHost.Services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<PlacementDesk>();

        var outcomes = await desk.PlaceAllAsync(batch);

        Assert.Equal(batch[0].BidId, outcomes[0].Bid?.Id);
        Assert.Equal(batch[2].BidId, outcomes[2].Bid?.Id);
        Assert.Null(outcomes[1].Bid);
        Assert.Equal(400, outcomes[1].Problem?.Status);
        Assert.Equal("One or more values cannot be stored.", outcomes[1].Problem?.Detail);
        Assert.Equal(new[] { batch[0].BidId, batch[2].BidId }.Order(), (await tenant.GetAsync<Page<BidDto>>("/v1/bids")).Items.Select(b => b.Id).Order());

        // Alone, the refused placement fails as a lone request does (the consumer's data-error filter answers it 400).
        await Assert.ThrowsAsync<PostgresException>(() => desk.PlaceAllAsync([Placement(tenant.OrganizationId, RefusedHours)]));

        // Through the gateway, straight to bidding over HTTP (ADR 0016), it is the same 400 in the same words.
        var link = market.GatewayHost.Services.GetRequiredService<BiddingLink>();
        var answered = link.Answered;
        var response = await tenant.SendAsync(HttpMethod.Post, "/v1/bids", Samples.Bid(durationHours: RefusedHours));
        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("One or more values cannot be stored.", problem["detail"]?.GetValue<string>());
        Assert.Equal(answered + 1, link.Answered);
    }

    private static PlaceBid Placement(Guid tenant, int hours) =>
        new(new Caller(tenant, Roles.Tenant), Guid.CreateVersion7(), "H100-SXM-80GB", 8, hours, Samples.NextHour, Samples.NextHour.AddDays(3),
            ["us-east-1"], null, 0.05m, null);
}
