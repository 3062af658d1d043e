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

    /// <summary>
    /// A server killed and started again on its port finds it taken when a connection opened in between was given it as
    /// its own local port: the kernel gives those from its ephemeral range, so servers' ports lie outside it.
    /// </summary>
    [Fact]
    public void PortsLieOutsideTheRangeTheKernelGivesConnections()
    {
        var ephemeral = LoopbackPort.EphemeralRange();
        Assert.True(ephemeral is not null, "the kernel says its ephemeral range");
        Assert.True(LoopbackPort.Band is not null, $"a band of ports lies below the ephemeral range {ephemeral}");

        var ports = Enumerable.Range(0, 500).Select(_ => LoopbackPort.Free()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10_000, ephemeral.Value.First - 1));
    }
}
