namespace Gateway;

/// <summary>Agora's success envelope, which gateway-native endpoints answer with too.</summary>
public sealed record Envelope<T>(int Code, string Msg, long Ts, T Data);

public static class Envelope
{
    public static Envelope<T> Success<T>(T data, TimeProvider time) =>
        new(0, "Success", time.GetUtcNow().ToUnixTimeMilliseconds(), data);
}
