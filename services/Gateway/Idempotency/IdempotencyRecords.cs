using Dapper;
using Marketplace.Hosting.Database;
using Npgsql;

namespace Marketplace.Gateway.Idempotency;

/// <summary>An Idempotency-Key's record as a request finds it: ClaimedByUs when this request took the claim.</summary>
public sealed record IdempotencyRecord(byte[] RequestHash, Guid ResourceId, DateTime? CompletedAt, int? StatusCode, string? ResponseBody, string? Location, bool ClaimedByUs);

/// <summary>
/// The two writes every creating POST with an Idempotency-Key makes, the claim before and the answer after, each
/// batched with the concurrent requests' (<see cref="WriteBatcher{TItem,TResult}"/>): one statement and one commit for
/// all that arrive while the previous one is out. What each request sees is what it would see writing alone.
/// </summary>
public sealed class IdempotencyRecords
{
    public sealed record ClaimRequest(Guid Org, string Key, byte[] Hash, Guid ResourceId);
    public sealed record Answer(Guid Org, string Key, int Status, string? Body, string? Location);

    private static readonly TimeSpan StaleClaim = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The order both writes take their rows in (the answer's rows are locked first, in this order, before the update),
    /// so a claim batch and an answer batch, or two gateways' batches, sharing keys cannot deadlock.
    /// </summary>
    private static readonly Comparer<(Guid Org, string Key)> KeyOrder = Comparer<(Guid Org, string Key)>.Create((a, b) =>
        a.Org.CompareTo(b.Org) is var byOrg and not 0 ? byOrg : string.CompareOrdinal(a.Key, b.Key));
    private readonly NpgsqlDataSource _db;

    public IdempotencyRecords(NpgsqlDataSource db)
    {
        _db = db;
        Claims = new(ClaimAllAsync);
        Answers = new(AnswerAllAsync);
    }

    public WriteBatcher<ClaimRequest, IdempotencyRecord?> Claims { get; }
    public WriteBatcher<Answer, bool> Answers { get; }

    /// <summary>
    /// Claims the key for this request: a new key, or a claim left stale (30 s) for the same body. Null when another
    /// request holds or completed it: the caller then reads the record.
    /// </summary>
    public Task<IdempotencyRecord?> ClaimAsync(ClaimRequest claim) => Claims.WriteAsync(claim);

    /// <summary>Stores the answer a replay gives.</summary>
    public Task AnswerAsync(Answer answer) => Answers.WriteAsync(answer);

    private async Task<IReadOnlyList<IdempotencyRecord?>> ClaimAllAsync(IReadOnlyList<ClaimRequest> claims)
    {
        // One row per key in a statement ("on conflict do update" may not touch a row twice): a duplicate of a key
        // earlier in the batch gets null, as it would had it come just after, and waits for the first like any
        // concurrent duplicate. Rows go in key order, so two gateways' batches lock shared keys in the same order.
        var first = claims.Select((c, i) => (c, i)).DistinctBy(x => (x.c.Org, x.c.Key)).OrderBy(x => (x.c.Org, x.c.Key), KeyOrder).ToList();
        await using var connection = await _db.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid Org, string Key, byte[] RequestHash, Guid ResourceId, DateTime? CompletedAt, int? StatusCode, string? ResponseBody, string? Location)>(
            """
            insert into idempotency_records (organization_id, key, request_hash, resource_id)
            select c.org, c.key, c.hash, c.resource_id
            from unnest(@orgs, @keys, @hashes, @resourceIds) with ordinality as c(org, key, hash, resource_id, n)
            order by c.n
            on conflict (organization_id, key) do update set claimed_at = now()
                where idempotency_records.completed_at is null and idempotency_records.claimed_at < now() - @stale
                  and idempotency_records.request_hash = excluded.request_hash
            returning organization_id, key, request_hash, resource_id, completed_at, status_code, response_body, location
            """,
            new
            {
                orgs = first.Select(x => x.c.Org).ToArray(),
                keys = first.Select(x => x.c.Key).ToArray(),
                hashes = first.Select(x => x.c.Hash).ToArray(),
                resourceIds = first.Select(x => x.c.ResourceId).ToArray(),
                stale = StaleClaim,
            });
        var claimed = rows.ToDictionary(r => (r.Org, r.Key));
        var results = new IdempotencyRecord?[claims.Count];
        foreach (var (c, i) in first)
            if (claimed.TryGetValue((c.Org, c.Key), out var r))
                results[i] = new IdempotencyRecord(r.RequestHash, r.ResourceId, r.CompletedAt, r.StatusCode, r.ResponseBody, r.Location, ClaimedByUs: true);
        return results;
    }

    private async Task<IReadOnlyList<bool>> AnswerAllAsync(IReadOnlyList<Answer> answers)
    {
        var ordered = answers.OrderBy(a => (a.Org, a.Key), KeyOrder).ToList();
        await using var connection = await _db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            with a as (
                select * from unnest(@orgs, @keys, @statuses, @bodies, @locations) with ordinality as a(org, key, status, body, location, n)),
            locked as materialized (
                select r.organization_id, r.key from idempotency_records r
                join a on r.organization_id = a.org and r.key = a.key
                order by a.n
                for update of r)
            update idempotency_records r
            set status_code = a.status, response_body = a.body, location = a.location, completed_at = now()
            from a join locked l on l.organization_id = a.org and l.key = a.key
            where r.organization_id = a.org and r.key = a.key
            """,
            new
            {
                orgs = ordered.Select(a => a.Org).ToArray(),
                keys = ordered.Select(a => a.Key).ToArray(),
                statuses = ordered.Select(a => a.Status).ToArray(),
                bodies = ordered.Select(a => a.Body).ToArray(),
                locations = ordered.Select(a => a.Location).ToArray(),
            });
        return answers.Select(_ => true).ToArray();
    }
}
