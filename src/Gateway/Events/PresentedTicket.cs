namespace Gateway.Events;

/// <summary>The <c>ticket</c> a request carried in its query, taken out of the query before anything could log it.</summary>
public sealed record PresentedTicket(string Value);
