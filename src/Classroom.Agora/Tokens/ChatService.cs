using System.Security.Cryptography;
using System.Text;

namespace Classroom.Agora.Tokens;

public sealed record ChatService(IReadOnlyDictionary<ushort, uint> Privileges, string UserId)
    : TokenService(ChatType, Privileges)
{
    public const ushort UserPrivilege = 1;

    /// <summary>The chat user id a classroom gives a user: the lower-case hex MD5 of the UTF-8 user uuid.</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms",
        Justification = "Agora's classroom names chat users by this digest; it protects nothing.")]
    public static string ClassroomUserId(string userUuid)
    {
        ArgumentNullException.ThrowIfNull(userUuid);
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(userUuid)));
    }

    private protected override void WriteFields(ref TokenWriter writer) => writer.WriteString(UserId);
}
