using System.Globalization;
using Classroom.Agora.Models;

namespace Classroom.Emulator.Resources;

/// <summary>
/// An uploaded file and, when conversion was asked for, a conversion that advances with the clock: a few seconds of
/// extraction, then one page a second. The page count follows from the size, about one page per 100 kB.
/// </summary>
sealed class PublicResource(string resourceUuid, UploadResourceRequest request, DateTimeOffset uploadedAt)
{
    public static readonly TimeSpan ExtractionTime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TimePerPage = TimeSpan.FromSeconds(1);
    const long BytesPerPage = 100_000;
    const int MaxPages = 200;
    const int BaseWidth = 960, BaseHeight = 540;

    readonly string _taskUuid = Guid.NewGuid().ToString("N");
    readonly string _taskToken = "NETLESSTASK_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=');

    public string ResourceUuid => resourceUuid;

    /// <summary>A page per 100 kB begun, counted without adding to the size, which can be as large as a long holds.</summary>
    public int TotalPages { get; } = (int)Math.Clamp(request.Size!.Value / BytesPerPage + (request.Size.Value % BytesPerPage == 0 ? 0 : 1), 1, MaxPages);

    public ResourceItem Describe(DateTimeOffset now)
    {
        var conversion = request.Conversion;
        return new ResourceItem
        {
            ResourceUuid = resourceUuid,
            ResourceName = request.ResourceName,
            Ext = request.Ext!,
            Size = request.Size!.Value,
            Url = request.Url!,
            UpdateTime = uploadedAt.ToUnixTimeMilliseconds(),
            Convert = conversion is not null,
            TaskUuid = conversion is null ? null : _taskUuid,
            TaskToken = conversion is null ? null : _taskToken,
            TaskProgress = conversion is null ? null : Progress(conversion, now),
        };
    }

    TaskProgress Progress(ResourceConversion conversion, DateTimeOffset now)
    {
        var converting = now - uploadedAt - ExtractionTime;
        var converted = converting < TimeSpan.Zero ? 0 : (int)Math.Min(TotalPages, converting / TimePerPage);
        return new TaskProgress
        {
            TotalPageSize = TotalPages,
            ConvertedPageSize = converted,
            ConvertedPercentage = converted * 100 / TotalPages,
            ConvertedFileList = [.. Enumerable.Range(1, converted).Select(page => Page(conversion, page))],
            CurrentStep = converting < TimeSpan.Zero ? "Extracting" : converted < TotalPages ? "GeneratingPreview" : "Packaging",
        };
    }

    ConvertedFile Page(ResourceConversion conversion, int page)
    {
        var number = page.ToString(CultureInfo.InvariantCulture);
        var folder = $"https://conversion.classroom-emulator.invalid/{_taskUuid}";
        if (conversion.Type == ResourceConversion.DynamicType)
        {
            var preview = conversion.Preview == true ? $"{folder}/preview/{number}.png" : null;
            return new ConvertedFile(number, new ConvertedPage(BaseWidth, BaseHeight, $"pptx://{folder[8..]}/{number}.slide", preview));
        }
        var scale = conversion.Scale ?? ResourceConversion.DefaultScale;
        var format = conversion.OutputFormat ?? ResourceConversion.DefaultOutputFormat;
        return new ConvertedFile(number,
            new ConvertedPage((int)Math.Round(BaseWidth * scale), (int)Math.Round(BaseHeight * scale), $"{folder}/{number}.{format}", null));
    }
}
