using System.ComponentModel.DataAnnotations;
using Classroom.Agora;

namespace Gateway.Configuration;

/// <summary>The <c>Agora</c> section: who we are at Agora and where Agora is.</summary>
public sealed class AgoraOptions
{
    public const string Section = "Agora";
    public static readonly string[] Regions = ["cn", "ap", "eu", "na"];

    public string? AppId { get; set; }
    public string? AppCertificate { get; set; }

    [Required(ErrorMessage = "Agora:BaseUrl is required.")]
    public Uri BaseUrl { get; set; } = new("https://api.agora.io");

    public string? Region { get; set; }

    [Range(60, 86_400, ErrorMessage = "Agora:TokenLifetimeSeconds must be from 60 to 86400.")]
    public int TokenLifetimeSeconds { get; set; } = 3600;

    [Required(ErrorMessage = "Agora:ServiceUid is required.")]
    public string ServiceUid { get; set; } = "classroom-gateway";

    [Range(1, 300, ErrorMessage = "Agora:TimeoutSeconds must be from 1 to 300.")]
    public int TimeoutSeconds { get; set; } = 10;

    public EmulatorSettings Emulator { get; set; } = new();
    public WebRecordingSettings WebRecording { get; set; } = new();

    /// <summary>The app id and certificate; valid once the options have passed validation.</summary>
    public AgoraCredentials ToCredentials() => new(AppId!, AppCertificate!);

    public sealed class EmulatorSettings
    {
        /// <summary>Unset means: enabled in Development, disabled elsewhere (see <see cref="SandboxMode"/>).</summary>
        public bool? Enabled { get; set; }
    }

    public sealed class WebRecordingSettings
    {
        public Uri? ClassroomUrl { get; set; }
    }
}

/// <summary>Checks what data annotations cannot: hex credentials, the region list, absolute URLs.</summary>
public sealed class AgoraOptionsValidator : IValidateOptions<AgoraOptions>
{
    public ValidateOptionsResult Validate(string? name, AgoraOptions options)
    {
        var failures = new List<string>();
        if (!AgoraCredentials.IsHex32(options.AppId))
        {
            failures.Add("Agora:AppId is required: 32 hexadecimal characters.");
        }
        if (!AgoraCredentials.IsHex32(options.AppCertificate))
        {
            failures.Add("Agora:AppCertificate is required: 32 hexadecimal characters.");
        }
        if (options.BaseUrl is not { IsAbsoluteUri: true } || options.BaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("Agora:BaseUrl must be an absolute http or https URL.");
        }
        if (!string.IsNullOrEmpty(options.Region) && !AgoraOptions.Regions.Contains(options.Region))
        {
            failures.Add("Agora:Region must be one of cn, ap, eu, na, or empty.");
        }
        if (options.WebRecording.ClassroomUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            failures.Add("Agora:WebRecording:ClassroomUrl must be an absolute http or https URL.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
