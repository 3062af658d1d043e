namespace Gateway.Tests.Support;

/// <summary>
/// Tests that read a gauge's value at <c>/metrics</c>: every gateway in the test process publishes into the one meter name,
/// so these run by themselves, when no other test's gateway is alive to report the same gauge.
/// </summary>
[CollectionDefinition(nameof(ReadsProcessWideMetrics), DisableParallelization = true)]
public sealed class ReadsProcessWideMetrics;
