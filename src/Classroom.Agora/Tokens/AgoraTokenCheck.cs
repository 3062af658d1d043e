namespace Classroom.Agora.Tokens;

/// <summary>What a verifier says of a token, or of one thing asked of it.</summary>
public enum AgoraTokenCheck
{
    Valid,
    /// <summary>Not an AccessToken2 this parser reads.</summary>
    Malformed,
    /// <summary>Built for another app id.</summary>
    ForeignAppId,
    /// <summary>Not signed with this app's certificate, or changed since.</summary>
    BadSignature,
    /// <summary>The token, or the privilege asked for, has ended.</summary>
    Expired,
    /// <summary>The token lacks the service or the privilege asked for.</summary>
    NotGranted,
    /// <summary>The privilege is granted, to another user, room or role.</summary>
    Mismatch,
}
