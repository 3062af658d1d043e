using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Runs every check of the settings validated on start before the host starts. A bad setting then ends the process
/// with exit code 1 and one line per failure, each naming its key, where the host would log its failure with a stack
/// trace and the unhandled exception would abort the process.
/// </summary>
public static class StartupConfiguration
{
    public static bool IsValid(IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            error.WriteLine("The configuration is invalid; the process does not start:");
            foreach (var failure in failures)
            {
                error.WriteLine($"  {failure}");
            }
            return false;
        }
    }

    static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => [.. options.Failures],
        // A value the binder cannot convert (a name outside an enum, text for a number); its message names the key, not the value.
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binding => [binding.Message],
        AggregateException all when all.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. all.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };
}
