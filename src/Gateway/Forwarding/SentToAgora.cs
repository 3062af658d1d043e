namespace Gateway.Forwarding;

/// <summary>
/// Marks a write the forwarder has begun to send to Agora. One it never began — the gateway refused it, its client left
/// before its body had all arrived or before its refusal was written, the circuit held it back — is known to have changed
/// nothing at Agora, though it may end as one the client closed (499). Every write reaches Agora through the forwarder
/// but the join's creation of a room, which keeps the room's details in any case.
/// </summary>
public sealed class SentToAgora
{
    public static readonly SentToAgora Instance = new();

    SentToAgora()
    {
    }
}
