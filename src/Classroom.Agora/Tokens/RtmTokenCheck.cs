namespace Classroom.Agora.Tokens;

public enum RtmTokenCheck
{
    Valid,
    Malformed,
    ForeignAppId,
    BadSignature,
    Expired,
    NoRtmService,
    UidMismatch,
}
