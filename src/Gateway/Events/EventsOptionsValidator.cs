namespace Gateway.Events;

public sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public ValidateOptionsResult Validate(string? name, EventsOptions options) =>
        options.PollIntervalMilliseconds > options.LeaseSeconds * 1000
            ? ValidateOptionsResult.Fail("Events:PollIntervalMilliseconds must not exceed Events:LeaseSeconds.")
            : ValidateOptionsResult.Success;
}
