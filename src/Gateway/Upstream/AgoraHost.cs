namespace Gateway.Upstream;

/// <summary>Which of Agora's hosts a call goes to: the configured one, or its backup while that one fails.</summary>
public enum AgoraHost
{
    Primary,
    Backup,
}
