namespace Gateway.Tests.Support;

/// <summary>
/// Tests that load the whole machine (a Release publish, a browser) run after the others, one at a time, so that
/// they do not starve tests whose dependencies answer within short timeouts.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
