using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests.Security;

/// <summary>
/// Hostile and mangled JSON on every body route: always a 4xx, never a 5xx, and what is refused never reaches
/// Agora; what does reach it is well-formed JSON.
/// </summary>
public sealed class JsonFuzzTests
{
    /// <summary>Every route that binds a JSON body, with a valid body for it.</summary>
    public static TheoryData<string, string, string> BodyRoutes() => new()
    {
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"Algebra 1","roomType":4,"roomProperties":{"schedule":{"startTime":1700000000000,"duration":3600,"closeDelay":300}}}""" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":600}}""" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":1280,"videoHeight":720,"videoFps":15}}""" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pptx","url":"https://f.example/a.pptx","conversion":{"type":"dynamic","preview":true}}""" },
        { "DELETE", "/api/v1/rooms/room-1/resources", """{"resourceUuid":["doc-1","doc 2"]}""" },
    };

    /// <summary>Bodies no route may accept, as raw bytes (some are not UTF-8 at all).</summary>
    static IEnumerable<(string Name, byte[] Body)> HostileBodies()
    {
        yield return ("deep arrays", Encoding.UTF8.GetBytes("{\"roomName\":" + new string('[', 10_000) + new string(']', 10_000) + "}"));
        yield return ("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));
        yield return ("huge number", Encoding.UTF8.GetBytes("""{"roomName":"x","roomType":1e400,"size":1e400,"dirty":{"state":1e400},"resourceUuid":1e400}"""));
        yield return ("long integer", Encoding.UTF8.GetBytes("{\"roomName\":\"x\",\"roomType\":4,\"extra\":1" + new string('0', 400) + "}"));
        yield return ("wrong types", Encoding.UTF8.GetBytes("""{"roomName":[],"roomType":"4","mode":{},"resourceName":true,"dirty":"yes","resourceUuid":"doc-1"}"""));
        yield return ("escaped lone surrogate", Encoding.UTF8.GetBytes("""{"roomName":"\ud800","roomType":4,"dirty":{"state":1,"duration":60,"x":"\udc00"},"mode":"web\ud800","resourceName":"\ud800","resourceUuid":["\ud800"]}"""));
        yield return ("encoded lone surrogate", [.. "{\"roomName\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"roomType\":4,\"mode\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"resourceName\":\""u8, 0xED, 0xA0, 0x80, .. "\",\"resourceUuid\":[\""u8, 0xED, 0xA0, 0x80, .. "\"]}"u8]);
        yield return ("invalid UTF-8", [.. "{\"roomName\":\""u8, 0xFF, 0xFE, .. "\",\"roomType\":4,\"mode\":\""u8, 0xC3, .. "\",\"resourceUuid\":[\""u8, 0x80, .. "\"]}"u8]);
        var huge = "\"" + new string('x', 150_000) + "\"";
        yield return ("huge string", Encoding.UTF8.GetBytes($$"""{"roomName":{{huge}},"roomType":4,"mode":{{huge}},"resourceName":{{huge}},"dirty":{{huge}},"resourceUuid":{{huge}}}"""));
        yield return ("trailing garbage", Encoding.UTF8.GetBytes("""{"roomName":"x","roomType":4} {"roomName":"y"}"""));
        yield return ("not an object", Encoding.UTF8.GetBytes("\"just a string\""));
        yield return ("null", Encoding.UTF8.GetBytes("null"));
        yield return ("NaN", Encoding.UTF8.GetBytes("""{"roomName":"x","roomType":NaN}"""));
        // A member no model declares, named twice: Agora could read the other of the two than another reader.
        yield return ("duplicate member", Encoding.UTF8.GetBytes("""{"roomName":"x","roomType":4,"mode":"web","resourceName":"a","dirty":{"state":1},"resourceUuid":["a"],"x":{"k":1,"k":2}}"""));
        // Each route's own field again in another case, which a reader ignoring case could take for it.
        yield return ("declared member in another case", Encoding.UTF8.GetBytes("""{"roomName":"x","roomType":4,"RoomType":0,"mode":"web","Mode":"x","resourceName":"a","ResourceName":"b","dirty":{"state":1},"Dirty":{},"resourceUuid":["a"],"ResourceUuid":["b"]}"""));
        yield return ("comments", Encoding.UTF8.GetBytes("""{"roomName":"x", /* hi */ "roomType":4}"""));
        yield return ("binary", [0x00, 0x01, 0x02, 0xFF, 0x7B]);
    }

    static async Task<HttpResponseMessage> Send(HttpClient client, string method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content }, Json.Cancel);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task HostileBodiesAreRefusedWith400AndNeverForwarded(string method, string path, string validBody)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());

        foreach (var (name, body) in HostileBodies())
        {
            var response = await Send(client, method, path, body);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.ReadJson()).TryGetProperty("errors", out _), name);
        }
        Assert.Empty(upstream.Requests);

        var valid = await Send(client, method, path, Encoding.UTF8.GetBytes(validBody));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task MutatedBodiesAreNeverAServerErrorAndOnlyWellFormedJsonIsForwarded(string method, string path, string validBody)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());
        var random = new Random(path.Length * 7919 + method.Length);
        var forwarded = 0;

        for (var i = 0; i < 150; i++)
        {
            var body = Mutate(Encoding.UTF8.GetBytes(validBody), random);
            var response = await Send(client, method, path, body);

            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 400, $"{status} for {Convert.ToBase64String(body)}");
            forwarded += status == 200 ? 1 : 0;
        }

        Assert.Equal(forwarded, upstream.Requests.Count);
        Assert.All(upstream.Requests, received => JsonDocument.Parse(received.Body).Dispose());
        Assert.All(upstream.Requests, received => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(received.Body));
    }

    [Fact]
    public async Task MutatedDevTokenRequestsAreNeverAServerError()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        var random = new Random(2024);
        var valid = Encoding.UTF8.GetBytes("""{"sub":"teacher-1","roles":["teacher"],"rooms":["room-1"],"lifetimeSeconds":600}""");

        foreach (var body in HostileBodies().Select(h => h.Body).Concat(Enumerable.Range(0, 80).Select(_ => Mutate(valid, random))))
        {
            var response = await Send(client, "POST", "/dev/token", body);

            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 400, $"{status} for {Convert.ToBase64String(body)}");
        }
    }

    static readonly string[] Splices =
    [
        "\\ud800", "\\udfff", "1e400", "-1", "99999999999999999999", "null", "true", "[]", "{}", "\"\"", "[[[[[[", "}}}}",
        "\"x\":", ",", ":", "\\u0000", "NaN", "0.5", "\"" + new string('z', 100) + "\"",
    ];

    /// <summary>One to three random edits: flip a byte, drop a run, splice in a hostile token, or duplicate a run.</summary>
    static byte[] Mutate(byte[] body, Random random)
    {
        var bytes = body.ToList();
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Splices[random.Next(Splices.Length)]));
                    break;
                default:
                    var length = Math.Min(random.Next(1, 16), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }
        return [.. bytes];
    }
}
