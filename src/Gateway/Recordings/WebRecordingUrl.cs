using Gateway.Configuration;
using Gateway.Tokens;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Recordings;

/// <summary>
/// Builds <c>webRecordConfig.url</c> the way Agora's reference describes it: the school's web classroom page, opened
/// by the recorder as an invisible user (role 0), with the room-user token minted here for the recorder in that room —
/// the token the classroom client launches with, which opens that one room as that one user and nothing else — and the
/// region the join tells every other client of the class.
/// </summary>
/// <remarks>
/// The recorder's page cannot renew its token, and Agora puts a user whose token expires out of the channel: a token of
/// <c>Agora:TokenLifetimeSeconds</c> (an hour by default) ended every recording of a longer class, blank from then on. So
/// the recorder's token lives as long as Agora lets a token live, 24 h, a recording's longest by default
/// (<c>maxRecordingHour</c>); a recording asked to run longer on a URL built here is refused.
/// </remarks>
public sealed class WebRecordingUrl(IOptions<AgoraOptions> options, RoomUserTokenMinter tokens)
{
    public const string RecorderUid = "classroom-recorder";

    public static readonly TimeSpan RecorderTokenLifetime = TimeSpan.FromSeconds(Classroom.Agora.Tokens.AccessToken2.MaxLifetimeSeconds);

    /// <summary>The longest <c>maxRecordingHour</c> of a recording on a URL built here: no longer than its token lives.</summary>
    public const int RecorderTokenHours = Classroom.Agora.Tokens.AccessToken2.MaxLifetimeSeconds / 3600;

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
            // Every client of a class is in one region, the recorder's page too: the one the join tells the others.
            ["region"] = options.Value.ClientRegion,
            ["rtmToken"] = tokens.Mint(roomUuid, RecorderUid, RoomUserTokenMinter.Invisible, RecorderTokenLifetime).Token,
        });
    }
}
