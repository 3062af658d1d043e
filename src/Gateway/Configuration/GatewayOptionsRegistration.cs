using Classroom.Emulator.Hosting;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Gateway.Configuration;

public static class GatewayOptionsRegistration
{
    /// <summary>
    /// Binds every section, validated on start: a bad or missing value stops the process naming its key.
    /// In the sandbox the Agora and Auth sections fall back to the sandbox values.
    /// </summary>
    public static WebApplicationBuilder AddGatewayOptions(this WebApplicationBuilder builder)
    {
        var sandbox = SandboxMode.IsEnabled(builder.Configuration, builder.Environment);
        builder.Services.AddValidatedOptions<AgoraOptions, AgoraOptionsValidator>(AgoraOptions.Section,
            sandbox ? SandboxMode.ApplyDefaults : null);
        builder.Services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(AuthOptions.Section,
            sandbox ? SandboxMode.ApplyDefaults : null);
        if (!sandbox)
        {
            // The sandbox's key is published with the source: whoever reads it signs in as anyone, and beside an app
            // certificate of the operator's own the gateway would hand them that app's Agora tokens. Read as bytes, so no
            // other spelling of the same key passes. The certificate is read as configured (outside the sandbox nothing fills
            // it in), not through its options, whose own failures would be told again here.
            builder.Services.AddOptions<AuthOptions>().Validate<IConfiguration>(
                (auth, configuration) => !SandboxMode.SignsInWithTheSandboxKeyBeside(auth, configuration[$"{AgoraOptions.Section}:{nameof(AgoraOptions.AppCertificate)}"]),
                "Auth:SigningKey is the sandbox's published key, with which anyone can sign in as anyone, beside an app certificate "
                + "of your own (Agora:AppCertificate): set a key of your own, or an authority.");
        }
        return builder;
    }

    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services,
        string section, Action<TOptions>? defaults = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindSettings(section)
            .PostConfigure(options => defaults?.Invoke(options))
            .ValidateDataAnnotations();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services;
    }

    /// <summary>The gateway's own settings file travels beside the binary; environment and command line still win.</summary>
    public static WebApplicationBuilder AddGatewaySettingsFile(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Optional = true,
        });
        return builder;
    }
}
