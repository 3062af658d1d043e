using Classroom.Agora;
using Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Support;

/// <summary>
/// The names of the gateway's Redis keys for the sandbox's app id, as a test that looks into Redis spells them: the app
/// id is part of each, so that the gateways of another app on the same Redis keep apart.
/// </summary>
public static class SandboxKeys
{
    /// <summary>The event log's keys (<c>log</c>, <c>seen</c>, <c>log-last</c>, <c>poller</c>, <c>poller-epoch</c>, <c>ready</c>) start so.</summary>
    public const string Events = "classroom-gateway:{events:" + AgoraSandbox.AppId + "}:";

    /// <summary>The audit trail's keys (<c>log</c>, <c>appended</c>, <c>ready</c>) start so.</summary>
    public const string Audit = "classroom-gateway:{audit:" + AgoraSandbox.AppId + "}:";

    /// <summary>The audit trail.</summary>
    public const string AuditLog = Audit + "log";

    /// <summary>A stream ticket's key is this and the SHA-256 of the ticket, in lower-case hex.</summary>
    public const string EventTicket = "classroom-gateway:event-ticket:" + AgoraSandbox.AppId + ":";

    /// <summary>A rate limit's window is this and its partition (<c>user:&lt;id&gt;</c>, <c>address:&lt;ip&gt;</c>).</summary>
    public const string Rate = "classroom-gateway:rate:" + AgoraSandbox.AppId + ":";

    /// <summary>The instances' copies: <c>sequence</c>, <c>members</c>, <c>acknowledged</c>, <c>invalidations</c> start so.</summary>
    public const string ResourcesNear = "classroom-gateway:{resources-near:" + AgoraSandbox.AppId + "}:";

    /// <summary>The sandbox's app id, as the classes built outside a host take it.</summary>
    public static IOptions<AgoraOptions> Agora => Options.Create(new AgoraOptions { AppId = AgoraSandbox.AppId });
}
