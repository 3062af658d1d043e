using System.ComponentModel.DataAnnotations;

namespace Gateway.Resilience;

/// <summary>
/// The <c>CircuitBreaker</c> section: when the gateway stops calling a failing Agora, and for how long. The circuit opens
/// once <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> calls within
/// <see cref="SamplingDurationSeconds"/> failed, and stays open for <see cref="BreakDurationSeconds"/>.
/// </summary>
public sealed class CircuitBreakerOptions
{
    public const string Section = "CircuitBreaker";

    [Range(0.01, 1.0, ErrorMessage = "CircuitBreaker:FailureRatio must be from 0.01 to 1.")]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 100_000, ErrorMessage = "CircuitBreaker:MinimumThroughput must be from 2 to 100000.")]
    public int MinimumThroughput { get; set; } = 5;

    [Range(1, 3600, ErrorMessage = "CircuitBreaker:SamplingDurationSeconds must be from 1 to 3600.")]
    public int SamplingDurationSeconds { get; set; } = 30;

    [Range(1, 3600, ErrorMessage = "CircuitBreaker:BreakDurationSeconds must be from 1 to 3600.")]
    public int BreakDurationSeconds { get; set; } = 20;

    public TimeSpan SamplingDuration => TimeSpan.FromSeconds(SamplingDurationSeconds);
    public TimeSpan BreakDuration => TimeSpan.FromSeconds(BreakDurationSeconds);
}
