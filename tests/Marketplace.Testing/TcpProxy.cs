using System.Net;
using System.Net.Sockets;

namespace Marketplace.Testing;

/// <summary>
/// A loopback TCP forwarder a test can cut and restore, to make a server (RabbitMQ, PostgreSQL) unreachable for one
/// host only, without stopping the shared server under the other tests.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private volatile bool _refusing;
    private int _refused;
    /// <summary>Completed while bytes flow; a new, open one while <see cref="Stall"/> holds them.</summary>
    private volatile TaskCompletionSource _flowing = Flowing();

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>Connections accepted and closed at once while <see cref="Refuse"/> was in force: the client's tries.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void Start()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _running.Token);
    }

    /// <summary>Refuses new connections and drops the open ones, as a crashed or partitioned server would.</summary>
    public void Cut()
    {
        _running?.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections) connection.Dispose();
            _connections.Clear();
        }
    }

    /// <summary>
    /// Drops the open connections and, until <see cref="Forward"/>, closes each new one as soon as it is made (counted
    /// in <see cref="Refused"/>), as a server that is away: a test can wait for a client's tries, not for a time.
    /// </summary>
    public void Refuse()
    {
        lock (_connections)
        {
            _refusing = true;
            foreach (var connection in _connections) connection.Dispose();
            _connections.Clear();
        }
    }

    /// <summary>Forwards new connections again after <see cref="Refuse"/>.</summary>
    public void Forward() => _refusing = false;

    /// <summary>
    /// Keeps every connection open but passes no byte either way until <see cref="Resume"/>, as a network that stops
    /// delivering: the client is not told, its writes seem to succeed and no answer comes until it flows again.
    /// </summary>
    public void Stall()
    {
        if (_flowing.Task.IsCompleted) _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Passes the held bytes on and lets them flow again after <see cref="Stall"/>.</summary>
    public void Resume() => _flowing.TrySetResult();

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            if (_refusing)
            {
                Interlocked.Increment(ref _refused);
                inbound.Dispose();
                continue;
            }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_target, ct); }
            catch (Exception) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_connections)
            {
                // Refuse() may have come while this one was connecting: it is refused too, not forwarded through it.
                if (_refusing)
                {
                    Interlocked.Increment(ref _refused);
                    inbound.Dispose();
                    outbound.Dispose();
                    continue;
                }
                _connections.Add(inbound);
                _connections.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound, ct);
            _ = PumpAsync(outbound, inbound, ct);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
    {
        var buffer = new byte[81920];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await _flowing.Task.WaitAsync(ct); // held here while stalled
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception) { /* either side closed */ }
        finally { from.Dispose(); to.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
