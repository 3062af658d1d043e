using System.Text.Json.Serialization;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>PUT /v1/rooms/{roomUuid}/resources/{resourceUuid}</c>.</summary>
public sealed record UploadResourceRequest : IAgoraRequestBody<UploadResourceRequest>
{
    [JsonPropertyName("resourceName")] public string? ResourceName { get; init; }
    [JsonPropertyName("size")] public long? Size { get; init; }
    [JsonPropertyName("ext")] public string? Ext { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("conversion")] public ResourceConversion? Conversion { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<UploadResourceRequest>.Validate(UploadResourceRequest body) => body.Validate();
}

/// <summary>How a document becomes whiteboard pages: static images, or (pptx) a dynamic web page.</summary>
public sealed record ResourceConversion
{
    public const string StaticType = "static";
    public const string DynamicType = "dynamic";
    public const double DefaultScale = 1.2;
    public const string DefaultOutputFormat = "png";

    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("preview")] public bool? Preview { get; init; }
    [JsonPropertyName("scale")] public double? Scale { get; init; }
    [JsonPropertyName("outputFormat")] public string? OutputFormat { get; init; }
    [JsonPropertyName("canvasVersion")] public bool? CanvasVersion { get; init; }
}

/// <summary>Body of <c>DELETE /v1/rooms/{roomUuid}/resources</c>.</summary>
public sealed record DeleteResourcesRequest : IAgoraRequestBody<DeleteResourcesRequest>
{
    [JsonPropertyName("resourceUuid")] public IReadOnlyList<string>? ResourceUuid { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<DeleteResourcesRequest>.Validate(DeleteResourcesRequest body) => body.Validate();
}

/// <summary>
/// One public resource of <c>GET /v1/rooms/{roomUuid}/resources</c>. Nothing is <c>required</c>: a reader of Agora's
/// answers must not fail on a field Agora leaves out.
/// </summary>
public sealed record ResourceItem
{
    [JsonPropertyName("resourceUuid")] public string ResourceUuid { get; init; } = "";
    [JsonPropertyName("resourceName")] public string? ResourceName { get; init; }
    [JsonPropertyName("ext")] public string Ext { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("url")] public string Url { get; init; } = "";
    [JsonPropertyName("updateTime")] public long UpdateTime { get; init; }
    [JsonPropertyName("convert")] public bool Convert { get; init; }
    [JsonPropertyName("taskUuid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TaskUuid { get; init; }
    [JsonPropertyName("taskToken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TaskToken { get; init; }
    [JsonPropertyName("taskProgress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TaskProgress? TaskProgress { get; init; }
}

/// <summary>How far the conversion of a document has come.</summary>
public sealed record TaskProgress
{
    [JsonPropertyName("totalPageSize")] public int TotalPageSize { get; init; }
    [JsonPropertyName("convertedPageSize")] public int ConvertedPageSize { get; init; }
    [JsonPropertyName("convertedPercentage")] public int ConvertedPercentage { get; init; }
    [JsonPropertyName("convertedFileList")] public IReadOnlyList<ConvertedFile> ConvertedFileList { get; init; } = [];
    [JsonPropertyName("currentStep")] public string CurrentStep { get; init; } = "";
}

public sealed record ConvertedFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ppt")] ConvertedPage Ppt);

public sealed record ConvertedPage(
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("src")] string Src,
    [property: JsonPropertyName("preview"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preview);
