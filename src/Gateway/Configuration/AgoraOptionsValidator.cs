using Classroom.Agora;
using Classroom.Agora.Validation;

namespace Gateway.Configuration;

/// <summary>Checks what data annotations cannot: hex credentials, the region list, absolute URLs.</summary>
/// <remarks>
/// A user name or password in an upstream URL is refused: Agora takes the gateway's token, not basic credentials, and
/// the hosts are shown to anyone on <c>/readyz</c>. The message names the key, never the value.
/// </remarks>
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
        if (options.PrimaryBaseUrl is not { IsAbsoluteUri: true } || options.PrimaryBaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("Agora:BaseUrl must be an absolute http or https URL.");
        }
        else if (ExtraParts(options.PrimaryBaseUrl) is { } extra)
        {
            failures.Add($"Agora:BaseUrl {extra}");
        }
        else if (IsPlainHttpToAgora(options.PrimaryBaseUrl))
        {
            failures.Add($"Agora:BaseUrl {PlainHttpToAgora}");
        }
        if (!string.IsNullOrEmpty(options.BackupBaseUrl) && options.ParsedBackupBaseUrl() is null)
        {
            failures.Add("Agora:BackupBaseUrl must be an absolute http or https URL, or empty for none.");
        }
        else if (ExtraParts(options.ParsedBackupBaseUrl()) is { } extra)
        {
            failures.Add($"Agora:BackupBaseUrl {extra}");
        }
        else if (options.ParsedBackupBaseUrl() is { } backup && backup == options.PrimaryBaseUrl)
        {
            failures.Add("Agora:BackupBaseUrl must be another host than Agora:BaseUrl.");
        }
        else if (!string.IsNullOrEmpty(options.BackupBaseUrl) && IsPlainHttpToAgora(options.ParsedBackupBaseUrl()))
        {
            failures.Add($"Agora:BackupBaseUrl {PlainHttpToAgora}");
        }
        if (options.ParsedHttpVersion() is null)
        {
            failures.Add("Agora:HttpVersion must be 2 or 1.1.");
        }
        if (!Enum.IsDefined(options.HttpVersionPolicy))
        {
            failures.Add("Agora:HttpVersionPolicy must be RequestVersionOrLower, RequestVersionExact or RequestVersionOrHigher.");
        }
        if (!Enum.IsDefined(options.UpstreamCredential))
        {
            failures.Add("Agora:UpstreamCredential must be App or Caller.");
        }
        if (!Forwarding.AgoraIdsFilter.IsUid(options.ServiceUid))
        {
            failures.Add("Agora:ServiceUid " + AgoraIds.Rule + " (no space at either end).");
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

    const string PlainHttpToAgora = "must be https at Agora's own hosts: the gateway's tokens would cross the internet in clear.";

    /// <summary>Agora's REST hosts (<c>api.agora.io</c>, <c>api.sd-rtn.com</c>) and any other of their domains.</summary>
    static readonly string[] AgoraDomains = ["agora.io", "sd-rtn.com"];

    /// <summary>
    /// Whether <paramref name="url"/> is plain http to Agora itself: every call carries a token good for the whole app (or a
    /// caller's) for its lifetime. A plain http proxy or emulator of the school's own network is the school's choice.
    /// </summary>
    static bool IsPlainHttpToAgora(Uri? url) =>
        url is { IsAbsoluteUri: true, Scheme: "http" } && url.IdnHost.TrimEnd('.') is var host && AgoraDomains.Any(domain =>
            host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));

    /// <summary>What a base URL may not carry, as the refusal says it; null when it carries none of it.</summary>
    static string? ExtraParts(Uri? url) => url switch
    {
        { IsAbsoluteUri: true, UserInfo.Length: > 0 } => "must not carry a user name or password.",
        { IsAbsoluteUri: true } when url.Query.Length > 0 || url.Fragment.Length > 0 =>
            "must not carry a query or fragment: every call's path and query go after it.",
        _ => null,
    };
}
