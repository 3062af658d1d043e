using System.Buffers.Binary;
using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

public sealed class AccessToken2WriterTests
{
    const string AppId = "970CA35de60c44645bbae8a215061b33";
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";

    [Fact]
    public void WritesAServicesPrivilegesByNumberWhateverOrderItsMapHolds()
    {
        var privileges = new Dictionary<ushort, uint> { [4] = 40, [1] = 10, [3] = 30, [2] = 20 };

        var token = AccessToken2Writer.Write(AppId, Certificate, 1111111, 1, 3600, new RtcService(privileges, "channel", "uid"));

        // str(signature), str(appId), issueTs, expire, salt, the count of services, then the service: type, count, map.
        var content = TokenBytes.Inflate(token).AsSpan((2 + 32) + (2 + 32) + 4 + 4 + 4 + 2);
        Assert.Equal(TokenService.RtcType, BinaryPrimitives.ReadUInt16LittleEndian(content));
        Assert.Equal(privileges.Count, BinaryPrimitives.ReadUInt16LittleEndian(content[2..]));
        var map = content[4..].ToArray();
        var written = Enumerable.Range(0, privileges.Count)
            .Select(i => (BinaryPrimitives.ReadUInt16LittleEndian(map.AsSpan(6 * i)), BinaryPrimitives.ReadUInt32LittleEndian(map.AsSpan(6 * i + 2))));
        Assert.Equal([((ushort)1, 10u), ((ushort)2, 20u), ((ushort)3, 30u), ((ushort)4, 40u)], written);
        Assert.True(AccessToken2.Parse(token).VerifySignature(Certificate));
    }
}
