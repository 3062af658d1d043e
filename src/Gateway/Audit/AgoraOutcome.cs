namespace Gateway.Audit;

/// <summary>
/// How Agora answered a call, as the gateway judged it (the status and business code its client is told), kept on the
/// request once Agora has answered. A client that leaves after that is recorded with it rather than as a 499: the
/// change, or Agora's refusal of it, happened all the same. Kept for writes alone, the calls the trail records: a read,
/// forwarded on the gateway's busiest path, pays nothing for it.
/// </summary>
public sealed record AgoraOutcome(int Status, int Code)
{
    /// <summary>The client left while Agora's answer was reaching it: its head had gone, not all of its body.</summary>
    public bool LeftMidAnswer { get; init; }

    public static void Record(HttpContext context, int status, int code)
    {
        if (AuditRecording.IsWrite(context.Request.Method))
        {
            context.Features.Set(new AgoraOutcome(status, code));
        }
    }

    /// <summary>
    /// Notes that the client left while Agora's answer was reaching it: the outcome stands, as for a client that left
    /// before the answer began, and the entry says the client did not hear all of it.
    /// </summary>
    public static void RecordLeftMidAnswer(HttpContext context)
    {
        if (context.Features.Get<AgoraOutcome>() is { } outcome)
        {
            context.Features.Set(outcome with { LeftMidAnswer = true });
        }
    }
}
