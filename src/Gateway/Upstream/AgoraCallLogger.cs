using Microsoft.Extensions.Http.Logging;

namespace Gateway.Upstream;

/// <summary>
/// What the gateway's own client (<see cref="AgoraHttpClients.Service"/>) says of each call, under the factory's category
/// for it: the call and its answer's status, never a header. Every one of its calls carries the gateway's credential (its
/// app token, or a caller's RTM token), and the factory's own logger, at <c>Trace</c>, hands its headers to every logging
/// provider as the line's attributes with their values as sent: only the line's text shows them redacted, so a provider
/// that exports attributes (OTLP) exported the credential.
/// </summary>
public sealed partial class AgoraCallLogger(ILoggerFactory loggers) : IHttpClientLogger
{
    readonly ILogger _logger = loggers.CreateLogger($"System.Net.Http.HttpClient.{AgoraHttpClients.Service}.ClientHandler");

    public object? LogRequestStart(HttpRequestMessage request)
    {
        LogSending(_logger, request.Method.Method, Address(request));
        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogReceived(_logger, elapsed.TotalMilliseconds, (int)response.StatusCode);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception,
        TimeSpan elapsed) => LogFailed(_logger, request.Method.Method, Address(request), elapsed.TotalMilliseconds, exception.GetType().Name);

    /// <summary>The address without its query: the gateway's calls carry none that matters, and a query may carry anything.</summary>
    static string? Address(HttpRequestMessage request) => request.RequestUri?.GetLeftPart(UriPartial.Path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending HTTP request {HttpMethod} {Uri}")]
    static partial void LogSending(ILogger logger, string httpMethod, string? uri);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}")]
    static partial void LogReceived(ILogger logger, double elapsedMilliseconds, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP request {HttpMethod} {Uri} failed after {ElapsedMilliseconds}ms ({ExceptionType})")]
    static partial void LogFailed(ILogger logger, string httpMethod, string? uri, double elapsedMilliseconds, string exceptionType);
}
