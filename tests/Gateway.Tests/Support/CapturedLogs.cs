using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

/// <summary>Every log line of a gateway, at every level, with its scopes and exception, kept in memory for a test to search.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            logs._scopes.ForEachScope((scope, list) => list.Add(Describe(scope)), scopes);
            logs.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {Describe(state)} [{string.Join("; ", scopes)}] {exception}");
        }

        /// <summary>
        /// A state's values as a structured sink (OTLP, a JSON sink) reads them: a list of values item by item, not the
        /// list's own text, which for an array is its type's name.
        /// </summary>
        static string Describe(object? value) => value is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={Value(p.Value)}"))
            : value?.ToString() ?? "";

        static string? Value(object? value) => value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value?.ToString();
    }
}
