using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Runs every check of the settings validated on start before the host starts. A bad setting then ends the process
/// with exit code 1 and one line per failure, each naming its key, where the host would log its failure with a stack
/// trace and the unhandled exception would abort the process. A value that cannot be read as its type at all (text for
/// a number, a malformed URL) is named by its key and type, never shown, as it may hold a password
/// (<c>https://user:secret@host:99999/</c>); the binder stops at the first of those, so the sections bound with
/// <see cref="BindSettings"/> are read key by key, and every such value is named, beside every failure of the sections
/// that read.
/// </summary>
public static partial class StartupConfiguration
{
    static readonly string LevelNames = string.Join(", ", Enum.GetNames<LogLevel>());

    /// <summary>
    /// The app <paramref name="builder"/> builds, or null once the failures are written: the logging levels are checked
    /// first, as the host reads them while it is built and throws at a level it does not know, and a key of a bound
    /// section that nothing reads is a failure too.
    /// </summary>
    public static WebApplication? Build(WebApplicationBuilder builder, TextWriter error)
    {
        WebApplication app;
        try
        {
            app = BuildOrThrow(builder);
        }
        catch (Exception e) when (IsRefused(e, error))
        {
            return null;
        }
        return IsValid(app.Services, error, refuseUnknownKeys: true) ? app : null;
    }

    /// <summary>
    /// <paramref name="builder"/>'s app, for a host built where no writer is at hand (the emulator's): a bad logging level
    /// is thrown as the validation failure it is, which <see cref="IsRefused"/> writes, instead of the host's own failure.
    /// </summary>
    public static WebApplication BuildOrThrow(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return LoggingFailures(builder.Configuration) is { Count: > 0 } failures
            ? throw new OptionsValidationException("Logging", typeof(object), failures)
            : builder.Build();
    }

    /// <summary>Whether <paramref name="e"/> is a refused setting, written to <paramref name="error"/> one line per failure.</summary>
    public static bool IsRefused(Exception e, TextWriter error)
    {
        if (Failures(e) is not { Count: > 0 } failures)
        {
            return false;
        }
        Write(error, failures);
        return true;
    }

    /// <summary>
    /// Whether the settings of <paramref name="services"/> are valid, else their failures written to <paramref name="error"/>;
    /// with <paramref name="refuseUnknownKeys"/>, a key that no options of its section read is one (<see cref="UnknownKeys"/>).
    /// The emulator on its own leaves that out: it reads the gateway's <c>Agora:AppId</c> and <c>Agora:AppCertificate</c>,
    /// and a shell set up to run both holds the gateway's other <c>Agora</c> keys too.
    /// </summary>
    public static bool IsValid(IServiceProvider services, TextWriter error, bool refuseUnknownKeys = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var sections = services.GetServices<SettingsSection>().Select(section => (Section: section, Unreadable: Unreadable(configuration, section))).ToList();
            List<string> keys = [.. refuseUnknownKeys ? UnknownKeys(configuration, sections.Select(read => read.Section)) : [], .. AddressFailures(configuration)];
            List<string> failures = sections.All(read => read.Unreadable.Count == 0)
                ? [.. ValidationFailures(() => ValidateAndKeep(services, sections.Select(read => read.Section))), .. keys]
                : [.. sections.SelectMany(read => read.Unreadable.Count > 0 ? read.Unreadable : ValidationFailures(() => read.Section.Validate(services))), .. keys];
            if (failures.Count == 0)
            {
                return true;
            }
            Write(error, failures);
            return false;
        }
        catch (Exception e) when (IsRefused(e, error))
        {
            return false;
        }
    }

    /// <summary>
    /// Validates every section, then reads each as the app reads it (<see cref="IOptions{TOptions}"/>), so that every part
    /// takes the values validated here: the host reloads <c>appsettings.json</c> when it changes, and a section first read
    /// later (at its first request) took the file as it was then, a value the start would have refused among them, which
    /// throws at every read, or another part's settings than the rest of the process has.
    /// </summary>
    static void ValidateAndKeep(IServiceProvider services, IEnumerable<SettingsSection> sections)
    {
        services.GetService<IStartupValidator>()?.Validate();
        foreach (var section in sections)
        {
            section.Validate(services);
        }
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated on start, and makes the section
    /// known, so that every value in it that cannot be read as its type is named (<see cref="IsValid"/>).
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new SettingsSection(section,
            (configuration, refuseUnknownKeys) => configuration.Get<TOptions>(binder => binder.ErrorOnUnknownConfiguration = refuseUnknownKeys),
            services => _ = services.GetRequiredService<IOptions<TOptions>>().Value));
        return builder.BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Each value of <paramref name="section"/> that cannot be read as its type, each bound alone.</summary>
    static List<string> Unreadable(IConfiguration configuration, SettingsSection section)
    {
        List<string> unreadable = [];
        foreach (var setting in configuration.GetSection(section.Path).AsEnumerable(makePathsRelative: true))
        {
            if (setting.Value is null)
            {
                continue;
            }
            try
            {
                section.Read(Alone(setting), false);
            }
            catch (InvalidOperationException e) when (e.Source == Binder)
            {
                unreadable.Add(Unconvertible(e, $"{section.Path}:"));
            }
        }
        return unreadable;
    }

    /// <summary>
    /// Each key in a section bound with <see cref="BindSettings"/> that no options bound to it read: a misspelt key
    /// (<c>Agora__AppCertficate</c>, <c>RateLimit__PermitsPerMinut</c>) would otherwise leave its setting at its default
    /// without a word. A value that cannot be read as its type is named by <see cref="Unreadable"/> instead.
    /// </summary>
    static IEnumerable<string> UnknownKeys(IConfiguration configuration, IEnumerable<SettingsSection> sections) =>
        from section in sections.GroupBy(section => section.Path, StringComparer.OrdinalIgnoreCase)
        from setting in configuration.GetSection(section.Key).AsEnumerable(makePathsRelative: true)
        where setting.Value is not null && section.All(options => !Reads(options, Alone(setting)))
        select $"{section.Key}:{setting.Key} is not a setting the process reads: check its spelling against the README's Configuration.";

    /// <summary>
    /// Whether <paramref name="options"/> have a setting for every key of <paramref name="configuration"/>: the binder,
    /// told to, refuses a key with none, and a value it cannot convert is still a setting's (a single value for an array,
    /// which it otherwise passes over, as <c>Cors:AllowedOrigins</c> takes one listing several).
    /// </summary>
    static bool Reads(SettingsSection options, IConfiguration configuration)
    {
        try
        {
            options.Read(configuration, true);
            return true;
        }
        catch (InvalidOperationException e) when (e.Source == Binder)
        {
            return UnconvertibleMessage().IsMatch(e.Message);
        }
    }

    static IConfiguration Alone(KeyValuePair<string, string?> setting) =>
        new ConfigurationBuilder().AddInMemoryCollection([setting]).Build();

    /// <summary>What <paramref name="validate"/> refuses, each failure a line; an exception that names none goes on.</summary>
    static List<string> ValidationFailures(Action validate)
    {
        try
        {
            validate();
            return [];
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            return failures;
        }
    }

    /// <summary>
    /// Each setting of where the server listens that it could not take, as it reads them when it starts, after these checks:
    /// <c>urls</c>, or without it <c>http_ports</c> and <c>https_ports</c>. The server aborts the process at an address it
    /// cannot parse, with a stack trace, and skips a port it cannot read, listening on port 80 instead.
    /// </summary>
    static List<string> AddressFailures(IConfiguration configuration)
    {
        List<string> failures = [];
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            // Split as the server splits them: a space after a ';' is part of the next address, and no scheme.
            if (!urls.Split(';', StringSplitOptions.RemoveEmptyEntries).All(IsListenAddress))
            {
                failures.Add("urls (--urls, ASPNETCORE_URLS) must list addresses like http://0.0.0.0:8080 separated by ';' alone: "
                    + "http or https, a port up to 65535, no path.");
            }
            return failures;
        }
        foreach (var key in (string[])["http_ports", "https_ports"])
        {
            if (configuration[key] is { Length: > 0 } ports
                && !ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsPort))
            {
                failures.Add($"{key} (ASPNETCORE_{key.ToUpperInvariant()}) must list ports from 0 to 65535 separated by ';'.");
            }
        }
        return failures;
    }

    static bool IsListenAddress(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }
        return (binding.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || binding.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            && binding.PathBase.Length == 0 && binding.Port is >= 0 and <= 65535;
    }

    static bool IsPort(string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535;

    static void Write(TextWriter error, List<string> failures)
    {
        error.WriteLine("The configuration is invalid; the process does not start:");
        foreach (var failure in failures)
        {
            error.WriteLine($"  {failure}");
        }
    }

    /// <summary>
    /// Every level the logging reads (<c>Logging:LogLevel:{category}</c>, <c>Logging:{provider}:LogLevel:{category}</c>)
    /// that it would not take, as it reads them: a level's name in any case, or a number.
    /// </summary>
    static List<string> LoggingFailures(IConfiguration configuration) =>
    [
        .. configuration.GetSection("Logging").AsEnumerable()
            .Where(setting => setting.Key.Split(':') is { Length: 3 or 4 } path && path[^2].Equals("LogLevel", StringComparison.OrdinalIgnoreCase)
                && !string.IsNullOrEmpty(setting.Value) && !Enum.TryParse<LogLevel>(setting.Value, ignoreCase: true, out _))
            .Select(setting => $"{setting.Key} must be one of {LevelNames}."),
    ];

    static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => [.. options.Failures.Select(Plain)],
        // A value the binder cannot convert (a name outside an enum, text for a number); its message quotes the value.
        InvalidOperationException { Source: Binder } binding => [Unconvertible(binding, "")],
        AggregateException all when all.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. all.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    const string Binder = "Microsoft.Extensions.Configuration.Binder";

    /// <summary>A data annotation's failure as its own message says it, which names the key, without the options' type around it.</summary>
    static string Plain(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    /// <summary>"DataAnnotation validation failed for 'Type' members: 'Member' with the error: 'Message'."</summary>
    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\.$")]
    private static partial Regex DataAnnotationFailure();

    /// <summary>The binder's failure to convert a value, by its key (after <paramref name="prefix"/>) and type, the value left out.</summary>
    static string Unconvertible(InvalidOperationException binding, string prefix) =>
        UnconvertibleMessage().Match(binding.Message) is { Success: true } match
            ? $"{prefix}{match.Groups["key"].Value} cannot be read as {match.Groups["type"].Value.Split('.')[^1]}."
            : "A setting cannot be read as its type.";

    /// <summary>The key and type of the binder's "Failed to convert configuration value '…' at 'Key' to type 'Type'."</summary>
    [GeneratedRegex(@"at '(?<key>[^']*)' to type '(?<type>[^']*)'\.?$")]
    private static partial Regex UnconvertibleMessage();
}
