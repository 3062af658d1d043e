using Gateway.Configuration;
using Gateway.Tokens;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Recordings;

/// <summary>
/// Builds <c>webRecordConfig.url</c> the way Agora's reference describes it: the school's web classroom page, opened
/// by the recorder as an invisible user (role 0), with the room-user token minted here for the recorder in that room —
/// the token the classroom client launches with, which opens that one room as that one user and nothing else.
/// </summary>
public sealed class WebRecordingUrl(IOptions<AgoraOptions> options, RoomUserTokenMinter tokens)
{
    public const string RecorderUid = "classroom-recorder";

    public bool IsConfigured => options.Value.WebRecording.ClassroomUrl is not null;

    public string Build(string roomUuid, int roomType, string language)
    {
        var page = options.Value.WebRecording.ClassroomUrl
            ?? throw new InvalidOperationException("Agora:WebRecording:ClassroomUrl is not configured.");
        // AbsoluteUri keeps the page's percent-encoding, which ToString undoes.
        return QueryHelpers.AddQueryString(page.AbsoluteUri, new Dictionary<string, string?>
        {
            ["userUuid"] = RecorderUid,
            ["roomUuid"] = roomUuid,
            ["roomType"] = roomType.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["roleType"] = RoomUserTokenMinter.Invisible.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["pretest"] = "false",
            ["language"] = language,
            ["appId"] = options.Value.AppId,
            ["rtmToken"] = tokens.Mint(roomUuid, RecorderUid, RoomUserTokenMinter.Invisible).Token,
        });
    }
}
