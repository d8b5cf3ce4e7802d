namespace Marketplace.Gateway.Identity;

/// <summary>
/// ASP.NET's authentication handler base class logs every anonymous, failed, challenged or forbidden request at
/// Information: anything on the internet could fill the logs at will. Its loggers get this factory, which turns
/// Information into Debug (still there when an operator asks for Debug) and leaves warnings and errors alone.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new QuietLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the host, which disposes it.
    public void Dispose() { }

    private sealed class QuietLogger(ILogger inner) : ILogger
    {
        private static LogLevel Demote(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Demote(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(Demote(logLevel), eventId, state, exception, formatter);
    }
}
