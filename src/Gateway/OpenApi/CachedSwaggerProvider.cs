using System.Collections.Concurrent;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Swashbuckle's generator, asked once per document: the document is the same for every caller, anyone may ask for it
/// without signing in, and generating it walks every route and type by reflection. The cached document is served as
/// it is, so nothing may change it after generation (Swashbuckle's pre-serialize filters included).
/// </summary>
public sealed class CachedSwaggerProvider(SwaggerGenerator generator) : ISwaggerProvider, IAsyncSwaggerProvider
{
    /// <summary>
    /// Host and base path come from the application (its <c>PathBase</c>), not the client, so there are as few keys as
    /// documents; the bound only holds should a proxy's prefix ever be honoured.
    /// </summary>
    const int MaxDocuments = 16;

    readonly ConcurrentDictionary<(string Name, string? Host, string? BasePath), OpenApiDocument> _documents = new();

    public OpenApiDocument GetSwagger(string documentName, string? host = null, string? basePath = null) =>
        _documents.TryGetValue((documentName, host, basePath), out var document)
            ? document
            : Keep((documentName, host, basePath), generator.GetSwagger(documentName, host, basePath));

    public async Task<OpenApiDocument> GetSwaggerAsync(string documentName, string? host = null, string? basePath = null) =>
        _documents.TryGetValue((documentName, host, basePath), out var document)
            ? document
            : Keep((documentName, host, basePath), await generator.GetSwaggerAsync(documentName, host, basePath));

    /// <summary>An unknown document name throws before this, so only documents that exist are kept.</summary>
    OpenApiDocument Keep((string, string?, string?) key, OpenApiDocument generated) =>
        _documents.Count < MaxDocuments ? _documents.GetOrAdd(key, generated) : generated;
}
