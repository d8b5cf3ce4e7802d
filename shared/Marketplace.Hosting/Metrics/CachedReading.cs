using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Marketplace.Hosting.Metrics;

/// <summary>
/// One query behind observable gauges, read at most once per <c>maxAge</c> (1 s) however often, and by however many
/// gauges, it is scraped: a scrape never hammers the database. A gauge's callback is synchronous, so the read is too,
/// with a short command timeout. When it fails the gauges report nothing (rather than a stale value) until the next try.
/// </summary>
public sealed class CachedReading<T>(NpgsqlDataSource dataSource, string sql, ILogger logger, TimeSpan? maxAge = null) where T : struct
{
    private readonly Lock _gate = new();
    private readonly long _maxAgeMs = (long)(maxAge ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
    private bool _tried;
    private long _triedAt;
    private T? _value;

    public T? Value
    {
        get
        {
            lock (_gate)
            {
                var now = Environment.TickCount64;
                if (_tried && now - _triedAt < _maxAgeMs) return _value;
                (_tried, _triedAt) = (true, now);
                try
                {
                    using var connection = dataSource.OpenConnection();
                    _value = connection.QuerySingle<T>(sql, commandTimeout: 2);
                }
                catch (Exception ex)
                {
                    _value = null;
                    logger.LogWarning(ex, "A metrics reading failed; its gauges report nothing until it succeeds");
                }
                return _value;
            }
        }
    }

    /// <summary>What an observable gauge reports: one measurement, or none while the reading fails.</summary>
    public IEnumerable<Measurement<TValue>> Observe<TValue>(Func<T, TValue> select) where TValue : struct =>
        Value is { } value ? [new Measurement<TValue>(select(value))] : [];
}
