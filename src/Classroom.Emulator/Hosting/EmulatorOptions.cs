using Classroom.Agora;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Hosting;

/// <summary>The Agora project the emulator plays: the same <c>Agora:AppId</c> / <c>Agora:AppCertificate</c> keys as the gateway.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Agora";

    public string AppId { get; set; } = AgoraSandbox.AppId;
    public string AppCertificate { get; set; } = AgoraSandbox.AppCertificate;
}

sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var failures = new List<string>();
        if (!AgoraCredentials.IsHex32(options.AppId))
        {
            failures.Add($"{EmulatorOptions.Section}:{nameof(EmulatorOptions.AppId)} must be 32 hexadecimal characters.");
        }
        if (!AgoraCredentials.IsHex32(options.AppCertificate))
        {
            failures.Add($"{EmulatorOptions.Section}:{nameof(EmulatorOptions.AppCertificate)} must be 32 hexadecimal characters.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
