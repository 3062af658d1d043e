namespace Classroom.Agora.Tests.Tokens;

/// <summary>One set of education token inputs: a token's (its user id is the user uuid), a room uuid and a classroom role.</summary>
internal sealed record EducationTokenInputs(TokenInputs Token, string RoomUuid, short Role)
{
    public static EducationTokenInputs[] Draw(Random random, int count) =>
    [
        .. Enumerable.Range(0, count).Select(_ => new EducationTokenInputs(
            TokenInputs.Draw(random), TokenInputs.RandomUserId(random, random.Next(1, 64)), (short)random.Next(-1, 5))),
    ];
}
