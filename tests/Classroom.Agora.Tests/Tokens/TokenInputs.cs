using System.Text;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>One set of RTM token inputs, drawn at random within what Agora allows.</summary>
internal sealed record TokenInputs(string AppId, string Certificate, string OtherCertificate, string UserId, uint IssueTs, uint Salt, uint Expire)
{
    public AgoraCredentials Credentials => new(AppId, Certificate);

    public static TokenInputs Draw(Random random)
    {
        var certificate = Hex32(random);
        string other;
        do
        {
            other = Hex32(random);
        }
        while (other == certificate);
        return new TokenInputs(
            Hex32(random), certificate, other, RandomUserId(random, random.Next(1, 64)),
            IssueTs: (uint)random.NextInt64(1, uint.MaxValue + 1L),
            Salt: (uint)random.Next(1, 100_000_000),
            Expire: (uint)random.Next(60, 86_401));
    }

    public static TokenInputs[] Draw(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => Draw(random))];

    /// <summary>32 hex digits in mixed case: Agora signs the certificate's characters, so case matters.</summary>
    public static string Hex32(Random random) => string.Create(32, random, static (chars, r) =>
    {
        const string Digits = "0123456789abcdefABCDEF";
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Digits[r.Next(Digits.Length)];
        }
    });

    /// <summary>
    /// A user id of exactly <paramref name="utf8Bytes"/> bytes mixing ASCII (space and punctuation included),
    /// accented Latin (2 bytes), CJK (3 bytes) and emoji (4 bytes, a surrogate pair in .NET).
    /// </summary>
    public static string RandomUserId(Random random, int utf8Bytes)
    {
        var id = new StringBuilder();
        var left = utf8Bytes;
        while (left > 0)
        {
            var rune = random.Next(4) switch
            {
                0 => new Rune(random.Next(0x20, 0x7F)),
                1 => new Rune(random.Next(0xC0, 0x180)),
                2 => new Rune(random.Next(0x4E00, 0xA000)),
                _ => new Rune(random.Next(0x1F600, 0x1F650)),
            };
            if (rune.Utf8SequenceLength > left)
            {
                rune = new Rune(random.Next(0x20, 0x7F));
            }
            id.Append(rune.ToString());
            left -= rune.Utf8SequenceLength;
        }
        return id.ToString();
    }
}
