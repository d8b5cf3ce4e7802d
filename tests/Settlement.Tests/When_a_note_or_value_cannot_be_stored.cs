using System.Net;
using Marketplace.Contracts;
using Marketplace.Contracts.Settlement;
using Marketplace.Domain;
using Marketplace.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>
/// Issue 10, point 5: a NUL in a note used to reach PostgreSQL (which cannot store it), fail five times and park the
/// request in report-usage_error. Notes are checked like every other text now, and any data error left is a 400.
/// </summary>
[Collection(SettlementCollection.Name)]
public sealed class When_a_note_or_value_cannot_be_stored(SettlementMarket market)
{
    private readonly Scenario _scenario = new(market);

    [Fact]
    public async Task Should_answer_400_naming_the_note_of_a_usage_report_with_a_NUL_and_store_nothing()
    {
        var (provider, booking) = await BookingAsync();
        var path = $"/v1/bookings/{booking.Id}/usage";

        var problem = await ApiClient.AssertProblemAsync(await provider.SendAsync(HttpMethod.Post, path, Report(booking, "line one\u0000")), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["note"]);
        // The settlement service refuses it too, whoever sends it.
        var direct = await AskSettlementAsync<ReportUsage, UsageReportView>(new ReportUsage(new Caller(provider.OrganizationId, Roles.Provider),
            Guid.NewGuid(), booking.Id, booking.StartsAt, booking.StartsAt.AddHours(1), 1, "\u0000"));
        Assert.Equal(400, direct.Status);
        Assert.True(direct.Errors?.ContainsKey("note"));

        Assert.Empty((await provider.GetAsync<UsageReportListDto>(path)).Items);
        Assert.Equal(0, await RabbitVirtualHost.MessagesInAsync(market.VirtualHost, "report-usage_error"));
        // Line breaks and tabs are still fine in a note.
        var report = await provider.PostAsync<UsageReportDto>(path, Report(booking, "node 3 rebooted\n\tback at 10:00"));
        Assert.Equal("node 3 rebooted\n\tback at 10:00", report.Note);
    }

    [Fact]
    public async Task Should_answer_400_naming_the_note_of_a_resolution_with_a_NUL()
    {
        var problem = await ApiClient.AssertProblemAsync(
            await _scenario.ResolveAsync(Guid.NewGuid(), "accept", note: "ok\u0000"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["note"]);
        var direct = await AskSettlementAsync<ResolveDiscrepancy, DiscrepancyView>(
            new ResolveDiscrepancy(new Caller(Guid.NewGuid(), Roles.Admin), Guid.NewGuid(), "accept", null, "\u0000"));
        Assert.Equal(400, direct.Status);
        Assert.True(direct.Errors?.ContainsKey("note"));
        Assert.Equal(0, await RabbitVirtualHost.MessagesInAsync(market.VirtualHost, "resolve-discrepancy_error"));
    }

    [Fact]
    public async Task Should_answer_400_once_without_retries_when_the_database_refuses_a_value()
    {
        var (provider, booking) = await BookingAsync();
        // A data error the validation cannot foresee: a trigger raises class 22 for one note, and counts its calls in a
        // sequence (nextval survives the rollback, so every attempt counts).
        await _scenario.ExecuteAsync("settlement", """
            create sequence if not exists forced_data_errors;
            create or replace function force_data_error() returns trigger language plpgsql as $$
            begin
                if new.note = 'force a data error' then
                    perform nextval('forced_data_errors');
                    raise exception 'forced' using errcode = '22023';
                end if;
                return new;
            end $$;
            drop trigger if exists force_data_error on usage_reports;
            create trigger force_data_error before insert on usage_reports for each row execute function force_data_error();
            """);
        try
        {
            var response = await provider.SendAsync(HttpMethod.Post, $"/v1/bookings/{booking.Id}/usage", Report(booking, "force a data error"));

            var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("One or more values cannot be stored.", problem["detail"]?.GetValue<string>());
            Assert.Equal(1, await _scenario.ScalarAsync<long>("settlement", "select last_value from forced_data_errors"));
            Assert.Equal(0, await _scenario.ScalarAsync<long>("settlement", "select count(*) from usage_reports where booking_id = @id", new { id = booking.Id }));
            Assert.Equal(0, await RabbitVirtualHost.MessagesInAsync(market.VirtualHost, "report-usage_error"));
        }
        finally
        {
            await _scenario.ExecuteAsync("settlement", "drop trigger if exists force_data_error on usage_reports");
        }
    }

    private async Task<(ApiClient Provider, BookingDto Booking)> BookingAsync()
    {
        var window = market.NewWindow();
        var (provider, _) = await _scenario.ListClusterAsync(window);
        var tenant = await market.NewOrganizationAsync("tenant");
        return (provider, await _scenario.BookAsync(tenant, window, gpuCount: 8, hours: 4));
    }

    private static object Report(BookingDto booking, string note) => new
    {
        periodStart = Samples.Iso(booking.StartsAt), periodEnd = Samples.Iso(booking.StartsAt.AddHours(1)), deliveredGpuHours = 4, note,
    };

    /// <summary>Asks the settlement service over the bus (signed, as a service would), bypassing the gateway's checks.</summary>
    private async Task<Problem> AskSettlementAsync<TRequest, TResponse>(TRequest request) where TRequest : class where TResponse : class
    {
        using var scope = market.SettlementHost.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IRequestClient<TRequest>>();
        var response = await client.GetResponse<TResponse, Problem>(request);
        Assert.True(response.Is(out Response<Problem>? problem), "expected a Problem");
        return problem!.Message;
    }
}
