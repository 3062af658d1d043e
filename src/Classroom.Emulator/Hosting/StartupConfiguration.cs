using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Runs every check of the settings validated on start before the host starts. A bad setting then ends the process
/// with exit code 1 and one line per failure, each naming its key, where the host would log its failure with a stack
/// trace and the unhandled exception would abort the process. A value that cannot be read as its type at all (text for
/// a number, a malformed URL) ends the checks at once, so it is the one line; it is named by its key and type, never
/// shown, as it may hold a password (<c>https://user:secret@host:99999/</c>).
/// </summary>
public static partial class StartupConfiguration
{
    static readonly string LevelNames = string.Join(", ", Enum.GetNames<LogLevel>());

    /// <summary>
    /// The app <paramref name="builder"/> builds, or null once the failures are written: the logging levels are checked
    /// first, as the host reads them while it is built and throws at a level it does not know.
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
        return IsValid(app.Services, error) ? app : null;
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

    public static bool IsValid(IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (IsRefused(e, error))
        {
            return false;
        }
    }

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
        OptionsValidationException options => [.. options.Failures],
        // A value the binder cannot convert (a name outside an enum, text for a number); its message quotes the value.
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding =>
            [Unconvertible().Match(binding.Message) is { Success: true } match
                ? $"{match.Groups["key"].Value} cannot be read as {match.Groups["type"].Value.Split('.')[^1]}."
                : "A setting cannot be read as its type."],
        AggregateException all when all.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. all.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };

    /// <summary>The key and type of the binder's "Failed to convert configuration value '…' at 'Key' to type 'Type'."</summary>
    [GeneratedRegex(@"at '(?<key>[^']*)' to type '(?<type>[^']*)'\.?$")]
    private static partial Regex Unconvertible();
}
