using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>Stream entries a script hands back as <c>XRANGE</c> answered it, which the client parses only as its own command's answer.</summary>
public static class StreamEntries
{
    /// <summary>Entries as <c>XRANGE</c> answers them: each its id, then its fields and values one after the other.</summary>
    public static StreamEntry[] FromScript(RedisResult entries) => Array.ConvertAll((RedisResult[])entries!, ToStreamEntry);

    static StreamEntry ToStreamEntry(RedisResult entry)
    {
        var parts = (RedisResult[])entry!;
        var fields = (RedisValue[])parts[1]!;
        var values = new NameValueEntry[fields.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new NameValueEntry(fields[2 * i], fields[2 * i + 1]);
        }
        return new StreamEntry((RedisValue)parts[0], values);
    }
}
