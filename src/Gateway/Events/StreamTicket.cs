namespace Gateway.Events;

/// <summary>The answer to <c>POST …/events/ticket</c>: a single-use ticket for <c>GET …/events/stream?ticket=</c>, and when it expires.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
