using System.Diagnostics;
using Dapper;
using Marketplace.Contracts.Bidding;
using Marketplace.Hosting.Database;
using Microsoft.Extensions.Options;

namespace Marketplace.Bidding.Bids;

/// <summary>What became of one placement (<see cref="Placement"/>).</summary>
public enum PlacementResult
{
    /// <summary>Placed now.</summary>
    New,
    /// <summary>Its id was placed before (the same message again): that bid, as it is now.</summary>
    SameId,
    /// <summary>Its Idempotency-Key placed a bid before, for the same request: that bid, as first answered.</summary>
    Replayed,
    /// <summary>Its Idempotency-Key was given before for another request (422).</summary>
    KeyReused,
    /// <summary>Its tenant is at the open-bid quota (422).</summary>
    OverQuota,
}

/// <summary>What became of one placement, and its bid (none when it was refused).</summary>
public sealed record Placement(PlacementResult Result, BidRow? Bid);

/// <summary>
/// Places valid bids, the concurrent ones together (issue 11): placements that arrive while one transaction is out go
/// in the next, with one round trip for the locks, the quota counts and the inserts, and one for the outbox and the
/// COMMIT (<see cref="WriteBatcher{TItem,TResult}"/>; a lone placement goes at once). Each placement gets what it
/// would get alone: its tenant's placements take turns (a transaction-scoped lock per tenant, taken in tenant order
/// so two batches cannot deadlock), so the quota counts every bid placed before, those earlier in the batch included
/// (a tenant's open bids are a count the bids table's triggers keep, open_bid_counts, not a count of rows per placement:
/// migration 0006); an id placed before answers that bid. The transaction's new bids go out as one <see cref="BidsPlaced"/>.
/// <para>
/// A placement's Idempotency-Key is written with its bid (placement_keys, docs/decisions/0014). Under the tenant's lock
/// a key is either placed before, and answers its bid (or 422 for another body), or free: the first placement of the
/// batch with it is placed and takes it, and the batch's later ones with it answer that one.
/// </para>
/// </summary>
public sealed class BidPlacements
{
    private readonly Db _db;
    private readonly IOptions<BiddingOptions> _options;
    private readonly BiddingMetrics _metrics;
    private readonly WriteBatcher<(PlaceBid Placement, string? TraceParent), Placement> _batcher;

    public BidPlacements(Db db, IOptions<BiddingOptions> options, BiddingMetrics metrics)
    {
        _db = db;
        _options = options;
        _metrics = metrics;
        _batcher = new(PlaceBatchAsync, maxBatch: 64);
    }

    /// <summary>Places a bid that passed validation (<see cref="Marketplace.Domain.MarketRules.ValidateBid"/>) for a tenant caller.</summary>
    public Task<Placement> PlaceAsync(PlaceBid placement) => PlaceEachAsync([placement])[0];

    /// <summary>
    /// Several at once (a gateway's batch): they join the next transaction together, in their order; each its own
    /// outcome (a placement the database refuses fails alone, <see cref="WriteBatcher{TItem,TResult}"/>).
    /// </summary>
    public Task<Placement>[] PlaceEachAsync(IReadOnlyList<PlaceBid> placements)
    {
        var trace = Activity.Current?.Id;
        return _batcher.WriteEachAsync(placements.Select(p => (p, trace)).ToList());
    }

    /// <summary>
    /// The bid each keyed placement's key stands for, after the insert (so a key taken in this transaction counts), by the
    /// placement's position in the batch (from 1), and whether the key was given for the same request.
    /// </summary>
    private const string KeysQuery = """
        select i.n as N, k.bid_id as BidId, k.request_hash = i.request_hash as SameBody
        from unnest(@tenants, @keys, @hashes) with ordinality as i(tenant_id, key, request_hash, n)
        join placement_keys k on k.tenant_id = i.tenant_id and k.key = i.key
        """;

    /// <summary>
    /// The transaction-scoped lock per tenant that a tenant's placements, and anything that changes its keys, take in
    /// tenant order (so two such transactions cannot deadlock); <c>@tenants</c> may repeat a tenant.
    /// </summary>
    public const string TenantLocks = """
        select pg_advisory_xact_lock(hashtextextended('open-bids:' || t::text, 0))
        from (select distinct t from unnest(@tenants) as t order by t) as tenants
        """;

    private sealed record KeyedBid(long N, Guid BidId, bool SameBody);

    /// <summary>Transactions run so far: fewer than the placements when they were batched.</summary>
    public long Transactions => _batcher.Batches;

    private async Task<IReadOnlyList<Placement>> PlaceBatchAsync(IReadOnlyList<(PlaceBid Placement, string? TraceParent)> items)
    {
        var batch = items.Select(i => i.Placement).ToList();
        var quota = _options.Value.MaxOpenBidsPerTenant;
        await using var uow = await _db.BeginAsync();
        // The locks first (a statement of their own, in tenant order); then, each statement with a snapshot taken once
        // the locks are held: the insert of what is new, within its tenant's quota and under a key not taken (the
        // bid's key goes in with it); the bid each key stands for, that insert included; and the rows of every id
        // asked for and every key's bid. A duplicate id counts once (its first), and "on conflict do nothing" lets a
        // placement of the same id by another transaction win: it waits for that one, and the last statement then
        // finds its row. No one else changes a tenant's keys without its lock (PlacementKeyJanitor takes it too).
        HashSet<Guid> placed;
        Dictionary<long, KeyedBid> keys;
        Dictionary<Guid, BidRow> rows;
        await using (var results = await uow.Connection.QueryMultipleAsync(
            $"""
            {TenantLocks};
            with input as (
                select * from unnest(@ids, @tenants, @models, @gpuCounts, @durations, @earliest, @latest, @regions, @kinds,
                                     @minGbps, @maxPrices, @expires, @keys, @hashes)
                    with ordinality as b(id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start,
                                         regions, kind, min_gbps, max_price, expires_at, key, request_hash, n)),
            unplaced as (
                select * from input i where not exists (select 1 from bids where bids.id = i.id)),
            fresh as (
                select distinct on (i.id) i.* from unplaced i
                where i.key is null
                   or not exists (select 1 from placement_keys k where k.tenant_id = i.tenant_id and k.key = i.key)
                      and not exists (select 1 from unplaced e where e.tenant_id = i.tenant_id and e.key = i.key and e.n < i.n)
                order by i.id, i.n),
            open_bids as (
                select tenant_id, open_count from open_bid_counts where tenant_id in (select tenant_id from fresh)),
            ranked as (
                select f.*, coalesce(o.open_count, 0) + row_number() over (partition by f.tenant_id order by f.n) as open_after
                from fresh f left join open_bids o on o.tenant_id = f.tenant_id),
            inserted as (
                insert into bids (id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions,
                                  interconnect_kind, min_gbps_per_node, max_price, expires_at)
                select id, tenant_id, gpu_model, gpu_count, duration_hours, earliest_start, latest_start, regions::text[],
                       kind, min_gbps, max_price, expires_at
                from ranked where open_after <= @quota order by id
                on conflict (id) do nothing
                returning id),
            keyed as (
                insert into placement_keys (tenant_id, key, request_hash, bid_id)
                select r.tenant_id, r.key, r.request_hash, r.id from ranked r join inserted using (id) where r.key is not null),
            history as (insert into bid_history (bid_id, status, detail) select id, 'open', 'placed' from inserted)
            select id from inserted;
            {KeysQuery};
            select {Bids.Columns} from bids
            where id = any(@ids || array(select k.bid_id from unnest(@tenants, @keys) as i(tenant_id, key)
                                         join placement_keys k on k.tenant_id = i.tenant_id and k.key = i.key));
            """,
            new
            {
                ids = batch.Select(m => m.BidId).ToArray(),
                tenants = batch.Select(m => m.Caller.OrganizationId).ToArray(),
                models = batch.Select(m => m.GpuModel).ToArray(),
                gpuCounts = batch.Select(m => m.GpuCount).ToArray(),
                durations = batch.Select(m => m.DurationHours).ToArray(),
                earliest = batch.Select(m => m.EarliestStart).ToArray(),
                latest = batch.Select(m => m.LatestStart).ToArray(),
                regions = batch.Select(m => ArrayLiterals.Of(m.Regions.Distinct().ToArray())).ToArray(),
                kinds = batch.Select(m => m.Interconnect?.Kind).ToArray(),
                minGbps = batch.Select(m => m.Interconnect?.MinGbpsPerNode).ToArray(),
                maxPrices = batch.Select(m => m.MaxPricePerGpuHour).ToArray(),
                expires = batch.Select(m => m.ExpiresAt ?? m.LatestStart).ToArray(),
                keys = batch.Select(m => m.Key?.Key).ToArray(),
                hashes = batch.Select(m => m.Key?.RequestHash).ToArray(),
                quota,
            }, uow.Transaction))
        {
            await results.ReadAsync();
            placed = (await results.ReadAsync<Guid>()).ToHashSet();
            keys = (await results.ReadAsync<KeyedBid>()).ToDictionary(k => k.N);
            rows = (await results.ReadAsync<BidRow>()).ToDictionary(r => r.Id);
        }

        var outcomes = new Placement[batch.Count];
        var opened = new List<BidView>(placed.Count);
        string? firstTrace = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var id = batch[i].BidId;
            var keyed = keys.GetValueOrDefault(i + 1);
            var isNew = (keyed is null || keyed.BidId == id) && placed.Remove(id); // the first of duplicate ids is the new one
            outcomes[i] = isNew ? new Placement(PlacementResult.New, rows[id])
                : keyed is { SameBody: false } ? new Placement(PlacementResult.KeyReused, null)
                // The key placed a bid (before, or earlier in this batch, or this very id before): that one.
                : keyed is not null ? new Placement(PlacementResult.Replayed, rows[keyed.BidId])
                : rows.GetValueOrDefault(id) is { } placedBefore ? new Placement(PlacementResult.SameId, placedBefore)
                : new Placement(PlacementResult.OverQuota, null);
            if (!isNew) continue;
            if (opened.Count == 0) firstTrace = items[i].TraceParent;
            opened.Add(rows[id].ToView());
            _metrics.BidPlaced(uow);
        }
        // One event for the transaction's new bids; it continues the trace of the first placement among them.
        if (opened.Count > 0) await uow.PublishAsync(new BidsPlaced(opened), firstTrace);
        await uow.CommitAsync();
        return outcomes;
    }
}
