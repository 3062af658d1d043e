namespace Gateway.Audit;

/// <summary>
/// How Agora answered a call, as the gateway judged it (the status and business code its client is told), kept on the
/// request once Agora has answered. A client that leaves after that is recorded with it rather than as a 499: the
/// change, or Agora's refusal of it, happened all the same. Kept for writes alone, the calls the trail records: a read,
/// forwarded on the gateway's busiest path, pays nothing for it.
/// </summary>
public sealed record AgoraOutcome(int Status, int Code)
{
    public static void Record(HttpContext context, int status, int code)
    {
        if (AuditRecording.IsWrite(context.Request.Method))
        {
            context.Features.Set(new AgoraOutcome(status, code));
        }
    }
}
