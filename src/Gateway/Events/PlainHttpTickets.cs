using Gateway.Problems;

namespace Gateway.Events;

/// <summary>
/// Where the gateway redirects plain HTTP to HTTPS, a stream ticket that came over plain HTTP anyway has crossed the
/// network in clear: anyone on the path could open the room's stream with it within its minute. Such a request is not
/// redirected but answered 403, and its ticket is spent first, in the store every instance redeems from, so that no
/// instance takes it afterwards. A redirect would only lead the client to HTTPS with a ticket that must not serve, and
/// would teach it that plain HTTP works.
/// </summary>
public static class PlainHttpTickets
{
    public const string Refusal = "Stream tickets are taken over HTTPS only: this one came over plain HTTP and is now spent. "
        + "Ask for a new ticket and open the stream over HTTPS.";

    /// <summary>Spends and refuses a ticket that came over plain HTTP; any other request goes on.</summary>
    public static IApplicationBuilder UsePlainHttpTicketsSpent(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.IsHttps || context.Features.Get<PresentedTicket>() is not { } presented)
        {
            await next(context);
            return;
        }
        // Unknown, used or expired, it opens nothing either way; while Redis cannot be asked, a GETDEL held meanwhile may still spend it.
        await context.RequestServices.GetRequiredService<StreamTickets>().RedeemAsync(presented.Value);
        await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, Refusal);
    });
}
