using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Agora's ranges for <c>webRecordConfig</c>.</summary>
public static class RecordingRules
{
    public const int MinVideoBitrate = 50, MaxVideoBitrate = 8000;
    public const int MinVideoFps = 5, MaxVideoFps = 60;
    public const int MinVideoSide = 480, MaxVideoSide = 1280;
    public const int MaxVideoArea = 921_600;
    public const int MinRecordingHour = 1, MaxRecordingHour = 720;
    public const int MinRetryTimeout = 1, MaxRetryTimeout = 3600;

    public static IReadOnlyDictionary<string, string[]> Validate(this RecordingStateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        errors.Require(request.Mode is null || request.IsWebMode, "mode", "must be \"web\" or absent (composite)");
        if (request.IsWebMode)
        {
            errors.Require(request.WebRecordConfig is not null, "webRecordConfig", "is required in web mode");
        }
        if (request.WebRecordConfig is { } config)
        {
            errors.Require(!request.IsWebMode || config.Url is not null || config.RootUrl is not null,
                "webRecordConfig.url", "or webRecordConfig.rootUrl is required in web mode");
            ValidateWebConfig(config, errors);
        }
        errors.InRange(request.RetryTimeout, MinRetryTimeout, MaxRetryTimeout, "retryTimeout");
        return errors.ToDictionary();
    }

    /// <summary>An update of the running web recording: its new settings, of which <c>onhold</c> is required.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(this UpdateRecordingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.WebRecordConfig is not { } config)
        {
            errors.Add("webRecordConfig", "is required");
            return errors.ToDictionary();
        }
        errors.Require(config.OnHold is not null, "webRecordConfig.onhold", "is required: true pauses, false resumes");
        ValidateWebConfig(config, errors);
        return errors.ToDictionary();
    }

    static void ValidateWebConfig(WebRecordConfig config, FieldErrors errors)
    {
        // An empty or blank page is no page, yet Agora would be sent it: a page left out is left out, not sent as "".
        errors.Require(config.Url is null || HttpUrls.IsAbsoluteHttp(config.Url), "webRecordConfig.url", "must be an absolute http or https URL");
        errors.Require(config.RootUrl is null || HttpUrls.IsAbsoluteHttp(config.RootUrl), "webRecordConfig.rootUrl",
            "must be an absolute http or https URL");
        errors.InRange(config.VideoBitrate, MinVideoBitrate, MaxVideoBitrate, "webRecordConfig.videoBitrate");
        errors.InRange(config.VideoFps, MinVideoFps, MaxVideoFps, "webRecordConfig.videoFps");
        errors.Require(config.AudioProfile is null or 0 or 1 or 2, "webRecordConfig.audioProfile", "must be 0, 1 or 2");
        errors.InRange(config.VideoWidth, MinVideoSide, MaxVideoSide, "webRecordConfig.videoWidth");
        errors.InRange(config.VideoHeight, MinVideoSide, MaxVideoSide, "webRecordConfig.videoHeight");
        errors.InRange(config.MaxRecordingHour, MinRecordingHour, MaxRecordingHour, "webRecordConfig.maxRecordingHour");

        // The area rule counts the default of a side left out, so 1280 × (default 720) passes and 1280 × 1280 does not.
        long width = config.VideoWidth ?? WebRecordConfig.DefaultVideoWidth;
        long height = config.VideoHeight ?? WebRecordConfig.DefaultVideoHeight;
        if (width * height > MaxVideoArea)
        {
            var field = config.VideoHeight is null ? "webRecordConfig.videoWidth" : "webRecordConfig.videoHeight";
            errors.Add(field, $"videoWidth × videoHeight must not exceed {MaxVideoArea}");
        }
    }
}
