namespace Gateway.Forwarding;

/// <summary>
/// Marks a request whose client left before its body had all arrived. The gateway reads a body whole before it sends
/// Agora anything, so such a request, though it ends as one the client closed (499), is known to have changed nothing.
/// </summary>
public sealed class BodyNeverArrived
{
    public static readonly BodyNeverArrived Instance = new();

    BodyNeverArrived()
    {
    }
}
