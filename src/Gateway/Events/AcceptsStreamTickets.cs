namespace Gateway.Events;

/// <summary>Endpoint metadata: the route signs in by a stream ticket as well as by a JWT (<see cref="EventTicketHandler.Selected"/>).</summary>
public sealed class AcceptsStreamTickets
{
    public static readonly AcceptsStreamTickets Instance = new();

    AcceptsStreamTickets()
    {
    }
}
