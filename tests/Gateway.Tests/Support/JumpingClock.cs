namespace Gateway.Tests.Support;

/// <summary>
/// The system's clock, whose reading a test can move forward at once (<see cref="Jump"/>): time the gateway reads as having
/// passed, as long as the test needs, without waiting for it. Timers and timestamps stay the system's, so that the
/// gateway's loops run on as they would.
/// </summary>
public sealed class JumpingClock : TimeProvider
{
    long _aheadTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _aheadTicks));

    public void Jump(TimeSpan by) => Interlocked.Add(ref _aheadTicks, by.Ticks);
}
