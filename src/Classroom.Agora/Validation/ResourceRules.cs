using System.Globalization;
using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Agora's rules for public resources: which files, and which conversion each may ask for.</summary>
public static class ResourceRules
{
    public const double MinScale = 0.1, MaxScale = 3.0;

    public static IReadOnlyList<string> Extensions { get; } = ["ppt", "pptx", "pptm", "docx", "doc", "xlsx", "xls", "csv", "pdf"];

    /// <summary>Static conversion renders pages to images; dynamic keeps a pptx's animations as a web page.</summary>
    public static IReadOnlyList<string> StaticExtensions { get; } = ["ppt", "doc", "docx", "pdf"];
    public static IReadOnlyList<string> DynamicExtensions { get; } = ["pptx"];
    public static IReadOnlyList<string> OutputFormats { get; } = ["png", "jpg", "jpeg", "webp"];

    public static IReadOnlyDictionary<string, string[]> Validate(this UploadResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        // Agora requires the size, the extension and the URL; the name only has its bound.
        errors.Require(request.ResourceName is null || AgoraIds.IsUnder64Bytes(request.ResourceName), "resourceName", "must be under 64 bytes");
        errors.Require(request.Size is not null, "size", "is required");
        errors.Require(request.Size is null or >= 0, "size", "must be a number of bytes, not negative");
        if (string.IsNullOrEmpty(request.Ext))
        {
            errors.Add("ext", "is required");
        }
        else
        {
            errors.Require(Extensions.Contains(request.Ext), "ext", $"must be one of {string.Join(", ", Extensions)}");
        }
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            errors.Add("url", "is required");
        }
        else
        {
            errors.Require(HttpUrls.IsAbsoluteHttp(request.Url), "url", "must be an absolute http or https URL");
        }
        if (request.Conversion is { } conversion)
        {
            ValidateConversion(conversion, request.Ext, errors);
        }
        return errors.ToDictionary();
    }

    static void ValidateConversion(ResourceConversion conversion, string? ext, FieldErrors errors)
    {
        switch (conversion.Type)
        {
            case null:
                errors.Add("conversion.type", "is required");
                break;
            case ResourceConversion.StaticType:
                errors.Require(ext is null || StaticExtensions.Contains(ext), "conversion.type",
                    $"static conversion takes {string.Join(", ", StaticExtensions)}");
                break;
            case ResourceConversion.DynamicType:
                errors.Require(ext is null || DynamicExtensions.Contains(ext), "conversion.type",
                    $"dynamic conversion takes {string.Join(", ", DynamicExtensions)}");
                break;
            default:
                errors.Add("conversion.type", "must be \"static\" or \"dynamic\"");
                break;
        }
        var isStatic = conversion.Type == ResourceConversion.StaticType;
        errors.Require(conversion.Preview is null or false || conversion.Type == ResourceConversion.DynamicType,
            "conversion.preview", "applies to dynamic conversion only");
        errors.Require(conversion.Scale is null || isStatic, "conversion.scale", "applies to static conversion only");
        errors.Require(conversion.Scale is null or (>= MinScale and <= MaxScale), "conversion.scale",
            string.Create(CultureInfo.InvariantCulture, $"must be from {MinScale} to {MaxScale}"));
        errors.Require(conversion.OutputFormat is null || isStatic, "conversion.outputFormat", "applies to static conversion only");
        errors.Require(conversion.OutputFormat is null || OutputFormats.Contains(conversion.OutputFormat), "conversion.outputFormat",
            $"must be one of {string.Join(", ", OutputFormats)}");
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this DeleteResourcesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.ResourceUuid is not { Count: > 0 } ids)
        {
            errors.Add("resourceUuid", "must list at least one resource");
            return errors.ToDictionary();
        }
        for (var i = 0; i < ids.Count; i++)
        {
            errors.Require(AgoraIds.IsValid(ids[i]), $"resourceUuid[{i}]", AgoraIds.Rule);
        }
        return errors.ToDictionary();
    }
}
