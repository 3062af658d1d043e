namespace Gateway.Tests.Support;

/// <summary>The ports tests start their servers on.</summary>
public sealed class LoopbackPortTests
{
    /// <summary>
    /// nginx's two listeners are chosen before nginx binds either: the kernel, asked twice, may offer the same port, and
    /// nginx then reads both servers as one listener, its TLS server's certificate missing from the other.
    /// </summary>
    [Fact]
    public void PortsChosenOneAfterAnotherAreNeverTheSame()
    {
        var ports = Enumerable.Range(0, 2_000).Select(_ => LoopbackPort.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
