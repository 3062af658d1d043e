using System.Globalization;
using System.Text;
using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>
/// A token's services written one way whoever read them, ours or agora-token: type, privileges in key order and
/// every field (strings as their UTF-8 bytes in hex), so that two readings compare field by field.
/// </summary>
internal static class ServiceText
{
    public static string Of(IEnumerable<TokenService> services) => string.Join(" | ", services.Select(Of));

    public static string Of(IEnumerable<OracleService>? services) => string.Join(" | ", (services ?? []).Select(Of));

    static string Of(TokenService service) => service switch
    {
        RtmService rtm => Text(rtm.Type, rtm.Privileges, Hex(rtm.UserId)),
        ChatService chat => Text(chat.Type, chat.Privileges, Hex(chat.UserId)),
        ApaasService apaas => Text(apaas.Type, apaas.Privileges, Hex(apaas.RoomUuid), Hex(apaas.UserUuid), Role(apaas.Role)),
        _ => throw new ArgumentException($"No text for {service}."),
    };

    static string Of(OracleService service) => service.Type switch
    {
        TokenService.RtmType or TokenService.ChatType => Text(service.Type, Privileges(service), service.UserIdHex),
        TokenService.ApaasType => Text(service.Type, Privileges(service), service.RoomUuidHex, service.UserUuidHex, service.Role is { } role ? Role(role) : null),
        _ => throw new ArgumentException($"No text for agora-token's {service}."),
    };

    /// <summary>The privilege map of a service with one privilege, or none.</summary>
    public static IReadOnlyDictionary<ushort, uint> Privilege(ushort privilege, uint seconds) => new Dictionary<ushort, uint> { [privilege] = seconds };

    public static IReadOnlyDictionary<ushort, uint> NoPrivileges { get; } = new Dictionary<ushort, uint>();

    static Dictionary<ushort, uint> Privileges(OracleService service) =>
        service.Privileges.ToDictionary(p => ushort.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value);

    static string Text(ushort type, IReadOnlyDictionary<ushort, uint> privileges, params string?[] fields) =>
        $"{type} {{{string.Join(",", privileges.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}}} ({string.Join(", ", fields.Select(f => f ?? "missing"))})";

    static string Role(short role) => role.ToString(CultureInfo.InvariantCulture);

    static string Hex(string value) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));
}
