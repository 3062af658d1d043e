using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Properties;

namespace Classroom.Emulator.Classrooms;

/// <summary>A user who entered a room at least once: online now or not, with their stream and custom properties.</summary>
sealed class RoomMember(string userUuid)
{
    public string UserUuid { get; } = userUuid;
    public string UserName { get; set; } = userUuid;
    /// <summary>The role as the user last entered with it: a JSON number or text.</summary>
    public JsonNode? Role { get; set; }
    public bool Online { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Agora's stream ids are decimal numbers, kept for the user's later entries.</summary>
    public string StreamUuid { get; } = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    /// <summary>Custom properties, and the user's properties of each widget under <c>widgets.{widgetUuid}</c>.</summary>
    public PropertyTree Properties { get; } = new();

    public UserView Identity => new(UserUuid, UserName, Role);

    /// <summary>The answer of query user, with the role as sent: the model's text would write <c>"2"</c> back as 2.</summary>
    public JsonObject Describe()
    {
        var details = JsonSerializer.SerializeToNode(new RoomUserDetails
        {
            UserUuid = UserUuid,
            UserName = UserName,
            StreamUuid = StreamUuid,
            State = Online ? RoomUserDetails.Online : RoomUserDetails.Offline,
            UserProperties = JsonSerializer.SerializeToElement(Properties.Snapshot(), AgoraJson.Answers),
            UpdateTime = UpdatedAt.ToUnixTimeMilliseconds(),
        }, AgoraJson.Answers)!.AsObject();
        details["role"] = Role?.DeepClone();
        return details;
    }
}
