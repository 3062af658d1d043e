export type ClientOptions = {
    baseUrl: `${string}://${string}` | 'http://localhost:8080' | (string & {});
};
/**
 * Agora's success envelope of a call that answers no `data`: `{"code":0,"msg":"Success","ts":…}`.
 */
export type AgoraEmptyEnvelope = {
    code: number;
    msg: string;
    ts: number;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfAuditSlice = {
    code: number;
    msg: string;
    ts: number;
    data: AuditSlice;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfClassroomDetails = {
    code: number;
    msg: string;
    ts: number;
    data: ClassroomDetails;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfDevTokenResponse = {
    code: number;
    msg: string;
    ts: number;
    data: DevTokenResponse;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfEventLogSlice = {
    code: number;
    msg: string;
    ts: number;
    data: EventLogSlice;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfEventPage = {
    code: number;
    msg: string;
    ts: number;
    data: EventPage;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfJsonElement = {
    code: number;
    msg: string;
    ts: number;
    data: unknown;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfLaunchOptions = {
    code: number;
    msg: string;
    ts: number;
    data: LaunchOptions;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfRecordPage = {
    code: number;
    msg: string;
    ts: number;
    data: RecordPage;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfResourceItemList = {
    code: number;
    msg: string;
    ts: number;
    data: Array<ResourceItem>;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfRoomAttendance = {
    code: number;
    msg: string;
    ts: number;
    data: RoomAttendance;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfRoomUserDetails = {
    code: number;
    msg: string;
    ts: number;
    data: RoomUserDetails;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfRtmTokenResponse = {
    code: number;
    msg: string;
    ts: number;
    data: RtmTokenResponse;
};
/**
 * Agora's success envelope: `{"code":0,"msg":"Success","ts":…,"data":…}`; `ts` is Unix milliseconds.
 */
export type AgoraEnvelopeOfStreamTicket = {
    code: number;
    msg: string;
    ts: number;
    data: StreamTicket;
};
/**
 * One classroom event; `sequence` grows by one per room. `data`'s shape depends on `cmd`.
 */
export type AgoraEvent = {
    roomUuid: string;
    cmd: number;
    sequence: number;
    version: number;
    data: unknown;
};
/**
 * One state-changing call as the audit trail keeps it: who (uid and roles), what (the route's name), on which room and
 * user or resource, and how it ended (HTTP status, Agora's code, the request id). Never a token, a JWT, a certificate
 * or a request body. Its `id` is its position in the trail, the opaque cursor readers page with: set on the way
 * out, never stored.
 */
export type AuditEntry = {
    time: string;
    actor: string;
    roles: Array<string>;
    action: string;
    roomUuid?: string | null;
    target?: string | null;
    status: number;
    code: number;
    requestId: string;
    id: string;
    /**
     * What `target` names: `user`, `resource`, `widget`,
     * `resources` (the JSON list a delete names) or `call` (a passthrough's method and path); absent with no
     * target. The `userId` filter matches a target only when it is a user, or a call whose path acts on the user
     * (`…/rooms/{roomUuid}/users/{userUuid}…`, or under `…/widgets/{widgetUuid}/`; the id decoded).
     */
    targetKind?: string | null;
    /**
     * The state a call set, from its path: a class's (`…/states/{state}`), a recording's or the breakout groups';
     * absent for every other call, so that starting a class and ending it are told apart.
     */
    state?: number | null;
    /**
     * Set (to `true`) on every call whose client left before it had heard all of the answer, so that one filter finds
     * them all. With status 499 it left before there was an outcome to record: before Agora answered, before its body had
     * arrived, or before the gateway's own refusal was written. With any other status it left after Agora had answered,
     * before its answer began or while it was reaching the client: the status and code are Agora's answer, as the gateway
     * judged it, which the client did not hear, or not all of. Absent when the client heard its answer.
     */
    clientLeft?: boolean | null;
};
/**
 * `data` of `GET /api/v1/audit`: entries oldest first, and the cursor to go on from.
 */
export type AuditSlice = {
    /**
     * Whether entries that came after `after`, before the first of `list`, are no longer kept: the retention
     * trimmed them (the event log's `Events:RetentionEvents`; the audit trail's `Audit:RetentionDays`, and without
     * Redis its newest 100,000), or `after` is of a log that was lost. A client that had not read them cannot now, and
     * reads its state again where it needs it. Never for a read from the start.
     */
    missed: boolean;
    list: Array<AuditEntry>;
    next: string;
};
/**
 * One breakout group; without a `groupUuid` the service names it.
 */
export type BreakoutGroup = {
    groupUuid?: string;
    /**
     * Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).
     */
    groupName?: string;
    users: Array<BreakoutGroupUser>;
};
export type BreakoutGroupUser = {
    userUuid: string;
};
/**
 * Body of `PUT /v2/rooms/{roomUuid}/groups/states/1`; closing (state 0) takes no body.
 */
export type BreakoutGroupsRequest = {
    groups: Array<BreakoutGroup>;
};
/**
 * `data` of `GET /v2/rooms/{roomUuid}`. `roomProperties` holds `roomType`, `schedule`,
 * `processes`, `record`, `widgets`, `groups`, `flexProps` and every custom property.
 */
export type ClassroomDetails = {
    roomUuid?: string;
    roomName?: string;
    roleConfig?: {
        [key: string]: RoleConfig;
    } | null;
    /**
     * 0 not started, 1 started, 2 ended.
     */
    state?: number;
    /**
     * When the class started (Unix ms), null before.
     */
    startTime?: number | null;
    createTime?: number;
    /**
     * 1 when chat, audio or video is muted for the whole room.
     */
    muteChat?: number;
    muteAudio?: number;
    muteVideo?: number;
    roomProperties?: unknown;
};
export type ConvertedFile = {
    name?: string;
    ppt?: ConvertedPage;
};
export type ConvertedPage = {
    width?: number;
    height?: number;
    src?: string;
    preview?: string | null;
};
/**
 * Body of `POST /v2/rooms/{roomUuid}`.
 */
export type CreateRoomRequest = {
    /**
     * Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).
     */
    roomName: string;
    roomType: 0 | 2 | 4 | 10;
    /**
     * Per role number (`"2"` students): the role's limit and default stream; required for room type 10.
     */
    roleConfig?: {
        1?: RoleConfig;
        2?: RoleConfig;
        3?: RoleConfig;
        4?: RoleConfig;
    };
    roomProperties?: RoomProperties;
};
/**
 * Body of `DELETE /v2/rooms/{roomUuid}/properties` and `DELETE /v2/rooms/{roomUuid}/users/{userUuid}/properties`:
 * the keys (or dotted paths) to delete.
 */
export type DeletePropertiesRequest = {
    properties: Array<string>;
    cause?: {
        [key: string]: unknown;
    };
};
/**
 * Body of `DELETE /v1/rooms/{roomUuid}/resources`.
 */
export type DeleteResourcesRequest = {
    resourceUuid: Array<string>;
};
/**
 * Body of `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra` and
 * `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: the keys (or dotted paths) to delete.
 */
export type DeleteWidgetPropertiesRequest = {
    extra: Array<string>;
    cause?: {
        [key: string]: unknown;
    };
};
/**
 * Body of `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}`: optional, only a `cause`.
 */
export type DeleteWidgetRequest = {
    cause?: {
        [key: string]: unknown;
    };
};
/**
 * What the sandbox JWT says: its user id (`sub`), roles, rooms, lifetime and name.
 */
export type DevTokenRequest = {
    sub: string;
    roles?: Array<'student' | 'teacher' | 'assistant' | 'admin'>;
    rooms?: Array<string>;
    lifetimeSeconds?: number;
    /**
     * Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).
     */
    name?: string;
};
export type DevTokenResponse = {
    token: string;
};
/**
 * `state` 1 keeps the kicked user out for `duration` seconds, or for good without one; 0 lets it back at once.
 */
export type DirtyState = {
    state: 0 | 1;
    duration?: number;
};
/**
 * A page of the log: its events in order, and the cursor to pass as `after` to go on.
 */
export type EventLogSlice = {
    /**
     * Whether entries that came after `after`, before the first of `list`, are no longer kept: the retention
     * trimmed them (the event log's `Events:RetentionEvents`; the audit trail's `Audit:RetentionDays`, and without
     * Redis its newest 100,000), or `after` is of a log that was lost. A client that had not read them cannot now, and
     * reads its state again where it needs it. Never for a read from the start.
     */
    missed: boolean;
    list: Array<AgoraEvent>;
    next: string;
};
/**
 * A page of a room's events: `GET /v2/rooms/{roomUuid}/sequences`. `nextId` null means the last page.
 */
export type EventPage = {
    total?: number;
    count?: number;
    list?: Array<AgoraEvent>;
    nextId?: number | null;
};
/**
 * Every error the gateway answers, as `application/problem+json` (RFC 9457 with Agora's code and msg).
 */
export type GatewayProblem = {
    /**
     * A URI naming the kind of problem: the HTTP status's section of RFC 9110.
     */
    type: string;
    /**
     * The status's title (ASP.NET Core's for the status; for a 400 with `errors`, "One or more validation errors occurred.").
     */
    title: string;
    /**
     * The HTTP status.
     */
    status: number;
    /**
     * What went wrong, in words: every problem says it, the title's words where there is no more to say.
     */
    detail: string;
    /**
     * The request's id, as its `X-Request-Id` answer header, to find it in the gateway's logs; where traces are
     * exported (`OTEL_EXPORTER_OTLP_ENDPOINT`), the W3C id of the request's trace (`00-{trace id}-{span id}-{flags}`).
     */
    traceId: string;
    /**
     * Agora's business code where the upstream gave one, else the HTTP status.
     */
    code: number;
    /**
     * Agora's message where the upstream gave one, else the detail.
     */
    msg: string;
    /**
     * Validation errors only: each refused field with its messages.
     */
    errors?: {
        [key: string]: Array<string>;
    } | null;
};
/**
 * `roomProperties.processes.handsUp`: at most `maxAccept` students on stage; `defaultAcceptRole` is the
 * role a raised hand is accepted for without the teacher (Agora's client sends `""` for none, or a role name).
 */
export type HandsUpSettings = {
    maxAccept?: number;
    defaultAcceptRole?: number | string;
    [key: string]: unknown;
};
/**
 * One check of a health report: `Healthy`, `Degraded` or `Unhealthy`, and why.
 */
export type HealthCheckBody = {
    status: string;
    description?: string | null;
};
/**
 * The body of `/healthz` and `/readyz`, as the OpenAPI document describes it.
 */
export type HealthReportBody = {
    status: string;
    checks: {
        [key: string]: HealthCheckBody;
    };
};
/**
 * A widget named at creation, `roomProperties.widgets.netlessBoard` or `.easemobIM`: 0 off, 1 on.
 */
export type InitialWidget = {
    state?: 0 | 1;
    [key: string]: unknown;
};
/**
 * Body of `POST /api/v1/rooms/{roomUuid}/join`: nothing to join a room that exists; a teacher or admin may add
 * Agora's create body (`roomName`, `roomType`, optional `roleConfig` and `roomProperties`) to create
 * the room first when it does not. Checked by the create rules whenever it says anything.
 */
export type JoinRequest = {
    /**
     * Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).
     */
    roomName?: string;
    roomType?: 0 | 2 | 4 | 10;
    roleConfig?: {
        1?: RoleConfig;
        2?: RoleConfig;
        3?: RoleConfig;
        4?: RoleConfig;
    };
    roomProperties?: RoomProperties;
};
/**
 * Body of `POST /v2/rooms/{roomUuid}/users/{userUuid}/exit`; an absent `dirty` is a plain kick.
 */
export type KickRequest = {
    dirty?: DirtyState;
};
/**
 * What the classroom SDK takes, named as it names them, ready to spread into `AgoraEduSDK.config` (`appId`,
 * `region`) and `launch` (the rest). `token` and `rtmToken` are the same room-user token: SDK 2.9
 * reads the first, earlier versions the second. `startTime` is there only when the room is scheduled.
 */
export type LaunchOptions = {
    appId: string;
    region: string;
    userUuid: string;
    userName: string;
    roomUuid: string;
    roomName: string;
    roomType: number;
    roleType: number;
    token: string;
    rtmToken: string;
    startTime?: number | null;
    duration: number;
    language: string;
    expiresAt: string;
};
/**
 * One stay in a room: when the user entered, and when they left or were kicked (null while still present).
 */
export type PresenceInterval = {
    entered: string;
    left?: string | null;
};
export type RecordDetail = {
    url?: string;
};
/**
 * One recording of `GET /v2/rooms/{roomUuid}/records`; like every answer model, nothing in it is required.
 */
export type RecordItem = {
    recordId?: string;
    appId?: string;
    roomUuid?: string;
    startTime?: number;
    endTime?: number | null;
    resourceId?: string;
    sid?: string;
    recordUid?: string;
    boardAppId?: string | null;
    boardToken?: string | null;
    boardId?: string | null;
    type?: number;
    status?: number;
    /**
     * The M3U8 playlist of a composite recording.
     */
    url?: string | null;
    /**
     * The MP4 files of a web-page recording.
     */
    recordDetails?: Array<RecordDetail> | null;
    /**
     * Whether a web recording is paused (`webRecordConfig.onhold` of its start or last update).
     */
    onhold?: boolean | null;
    /**
     * The query the service appended to `webRecordConfig.rootUrl` to make the page it records.
     */
    webRecordUrlQuery?: string | null;
    /**
     * True when the recording page never reported ready within `retryTimeout` and the service gave up.
     */
    unready?: boolean | null;
};
/**
 * A page of recordings, at most 100; `nextId` null means the last page.
 */
export type RecordPage = {
    total?: number;
    count?: number;
    list?: Array<RecordItem>;
    nextId?: string | null;
};
/**
 * Body of `PUT /v2/rooms/{roomUuid}/records/states/{state}`.
 */
export type RecordingStateRequest = {
    mode?: 'web';
    webRecordConfig?: WebRecordConfig;
    /**
     * Seconds to wait for the recording page's `PUT records/ready` before trying again (at most twice).
     */
    retryTimeout?: number;
    [key: string]: unknown;
};
/**
 * How a document becomes whiteboard pages: static images, or (pptx) a dynamic web page.
 */
export type ResourceConversion = {
    type: 'static' | 'dynamic';
    preview?: boolean;
    scale?: number;
    outputFormat?: 'png' | 'jpg' | 'jpeg' | 'webp';
    canvasVersion?: boolean;
};
/**
 * One public resource of `GET /v1/rooms/{roomUuid}/resources`. Nothing is `required`: a reader of Agora's
 * answers must not fail on a field Agora leaves out.
 */
export type ResourceItem = {
    resourceUuid?: string;
    resourceName?: string | null;
    ext?: string;
    size?: number;
    url?: string;
    updateTime?: number;
    convert?: boolean;
    taskUuid?: string | null;
    taskToken?: string | null;
    taskProgress?: TaskProgress;
};
/**
 * What a role may do in a classroom: at most `limit` users of it, and the streams each starts with. A client sends
 * it and a room's query answers it, an unset field left out either way, never null.
 */
export type RoleConfig = {
    limit?: number;
    defaultStream?: RoleDefaultStream;
};
/**
 * The stream a user of a role starts with: each state 0 (off) or 1 (on).
 */
export type RoleDefaultStream = {
    state?: 0 | 1;
    videoState?: 0 | 1;
    audioState?: 0 | 1;
};
/**
 * A room's attendance as the event log tells it: the class start (null when the log holds none) and each user.
 */
export type RoomAttendance = {
    roomUuid: string;
    classStartedAt?: string | null;
    list: Array<UserAttendance>;
};
/**
 * `roomProperties.processes`: how students ask to go on stage.
 */
export type RoomProcesses = {
    handsUp?: HandsUpSettings;
    [key: string]: unknown;
};
export type RoomProperties = {
    schedule?: RoomSchedule;
    processes?: RoomProcesses;
    /**
     * The application's own room properties, which Agora's client reads as `flexProps`.
     */
    flexProps?: {
        [key: string]: unknown;
    };
    /**
     * Widgets switched on or off from the start, by widget id (`netlessBoard`, `easemobIM`).
     */
    widgets?: {
        [key: string]: InitialWidget;
    };
    [key: string]: unknown;
};
/**
 * When a class is planned: `startTime` in Unix milliseconds, `duration` and `closeDelay` in seconds.
 */
export type RoomSchedule = {
    startTime?: number;
    duration?: number;
    closeDelay?: number;
    [key: string]: unknown;
};
/**
 * `data` of `GET /v2/rooms/{roomUuid}/users/{userUuid}`.
 */
export type RoomUserDetails = {
    userUuid?: string;
    userName?: string;
    /**
     * As the user entered with it: a role number or name.
     */
    role?: number | string | null;
    streamUuid?: string;
    /**
     * 0 offline, 1 online.
     */
    state?: number;
    /**
     * Custom properties, and each widget's properties of this user under `widgets.{widgetUuid}`.
     */
    userProperties?: unknown;
    updateTime?: number;
};
export type RtmTokenResponse = {
    appId: string;
    uid: string;
    token: string;
    expiresAt: string;
};
/**
 * Body of `PUT /v2/rooms/{roomUuid}/properties` and `PUT /v2/rooms/{roomUuid}/users/{userUuid}/properties`:
 * each key is a property or a dotted path to a nested one (`flexProps.quiz.open`), each value any JSON.
 */
export type SetPropertiesRequest = {
    properties: {
        [key: string]: unknown;
    };
    /**
     * Why, as the caller tells it; Agora hands it on in the change's event.
     */
    cause?: {
        [key: string]: unknown;
    };
};
/**
 * Body of `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}`: the widget's room properties (`extra`, keys may be
 * dotted paths), its `state` (0 closed, 1 open) and, optionally, the user whose leaving removes it.
 */
export type SetWidgetRequest = {
    extra?: {
        [key: string]: unknown;
    };
    cause?: {
        [key: string]: unknown;
    };
    state?: 0 | 1;
    ownerUserUuid?: string;
};
/**
 * Body of `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: the user's properties of the widget.
 */
export type SetWidgetUserRequest = {
    extra: {
        [key: string]: unknown;
    };
    cause?: {
        [key: string]: unknown;
    };
};
/**
 * The answer to `POST …/events/ticket`: a single-use ticket for `GET …/events/stream?ticket=`, and when it expires.
 */
export type StreamTicket = {
    ticket: string;
    expiresAt: string;
};
/**
 * How far the conversion of a document has come.
 */
export type TaskProgress = {
    totalPageSize?: number;
    convertedPageSize?: number;
    convertedPercentage?: number;
    convertedFileList?: Array<ConvertedFile>;
    currentStep?: string;
};
/**
 * Body of `PATCH /v2/rooms/{roomUuid}/records/states/1`: new settings for the running web recording, which replace
 * the last ones. `webRecordConfig.onhold` is required: true pauses the recording, false resumes it.
 */
export type UpdateRecordingRequest = {
    webRecordConfig: WebRecordConfig & {
        /**
         * True pauses the recording, false resumes it.
         */
        onhold: boolean;
    };
};
/**
 * Body of `PUT /v1/rooms/{roomUuid}/resources/{resourceUuid}`.
 */
export type UploadResourceRequest = {
    /**
     * Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).
     */
    resourceName?: string;
    size: number;
    ext: 'ppt' | 'pptx' | 'pptm' | 'docx' | 'doc' | 'xlsx' | 'xls' | 'csv' | 'pdf';
    url: string;
    conversion?: ResourceConversion;
};
/**
 * One user's attendance: their name and role as Agora last reported them, each stay, the minutes present (a stay not
 * ended yet counts up to the answer), the seconds from the class start to their first entry (negative when they came
 * early; null when the log holds no class start), and whether they were ever kicked.
 */
export type UserAttendance = {
    userUuid: string;
    userName: string;
    role?: string | null;
    intervals: Array<PresenceInterval>;
    minutesPresent: number;
    firstEntryAfterStartSeconds?: number | null;
    kicked: boolean;
};
/**
 * Web-page recording settings; the defaults are Agora's.
 */
export type WebRecordConfig = {
    /**
     * The page to record, as it is; it overrides `rootUrl`.
     */
    url?: string;
    /**
     * The recording page's address, to which the service appends the room's launch parameters.
     */
    rootUrl?: string;
    /**
     * Also push the recorded page to a CDN; Agora's example writes it as the text `"true"`.
     */
    publishRtmp?: boolean;
    videoBitrate?: number;
    videoFps?: number;
    audioProfile?: 0 | 1 | 2;
    mobile?: boolean;
    videoWidth?: number;
    videoHeight?: number;
    maxRecordingHour?: number;
    maxVideoDuration?: number;
    /**
     * True: the page is loaded and rendered, but nothing is recorded until an update sets it false.
     */
    onhold?: boolean;
    readyTimeout?: number;
    [key: string]: unknown;
};
export type ListAuditData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * The cursor to go on from: `next` of the previous answer; absent to start at the beginning.
         */
        after?: string;
        /**
         * How many at most: 1 to 1000, 100 when absent.
         */
        limit?: number;
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid?: string;
        /**
         * Only entries whose actor or target is this user (a passthrough call whose path acts on the user included): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userId?: string;
    };
    url: '/api/v1/audit';
};
export type ListAuditErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The audit trail cannot be reached (Redis down). `Retry-After` says when to try again. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
};
export type ListAuditError = ListAuditErrors[keyof ListAuditErrors];
export type ListAuditResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfAuditSlice;
};
export type ListAuditResponse = ListAuditResponses[keyof ListAuditResponses];
export type ListEventsData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * The cursor to go on from: `next` of the previous answer; absent to start at the beginning.
         */
        after?: string;
        /**
         * How many at most: 1 to 1000, 100 when absent.
         */
        limit?: number;
    };
    url: '/api/v1/events';
};
export type ListEventsErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The event log cannot be reached (Redis down, or not yet reached by this instance since it started). `Retry-After` says when to try again. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
};
export type ListEventsError = ListEventsErrors[keyof ListEventsErrors];
export type ListEventsResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfEventLogSlice;
};
export type ListEventsResponse = ListEventsResponses[keyof ListEventsResponses];
export type QueryRoomData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}';
};
export type QueryRoomErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QueryRoomError = QueryRoomErrors[keyof QueryRoomErrors];
export type QueryRoomResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfClassroomDetails;
};
export type QueryRoomResponse = QueryRoomResponses[keyof QueryRoomResponses];
export type CreateRoomData = {
    body: CreateRoomRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}';
};
export type CreateRoomErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type CreateRoomError = CreateRoomErrors[keyof CreateRoomErrors];
export type CreateRoomResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type CreateRoomResponse = CreateRoomResponses[keyof CreateRoomResponses];
export type GetAttendanceData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/attendance';
};
export type GetAttendanceErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The event log cannot be reached (Redis down, or not yet reached by this instance since it started). `Retry-After` says when to try again. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
};
export type GetAttendanceError = GetAttendanceErrors[keyof GetAttendanceErrors];
export type GetAttendanceResponses = {
    /**
     * OK. With `Accept: text/csv` ranked above JSON: UTF-8 CSV (RFC 4180), the header row `userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked` and then one row per user; each stay is an ISO 8601 interval (`entered/left`, `entered/..` while present), the stays of a user separated by spaces.
     */
    200: AgoraEnvelopeOfRoomAttendance;
};
export type GetAttendanceResponse = GetAttendanceResponses[keyof GetAttendanceResponses];
export type StreamRoomEventsData = {
    body?: never;
    headers?: {
        'Last-Event-ID'?: string;
    };
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        lastEventId?: string;
        /**
         * Instead of `Authorization`, for a browser's `EventSource`: a ticket from `POST …/events/ticket`, good for one stream, over HTTPS: one sent over plain HTTP where the gateway redirects it to HTTPS is spent and refused (403).
         */
        ticket?: string;
    };
    url: '/api/v1/rooms/{roomUuid}/events/stream';
};
export type StreamRoomEventsErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or, in place of a JWT, a `ticket` that is unknown, used, expired or for another room: ask for a new one.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this. Agora codes: `20403200` user kicked and kept out for a while.
     */
    403: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`), or `Events:MaxStreamsPerUser` streams of the caller open on this instance, or `Events:MaxStreamsPerInstance` streams open on it. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The event log cannot be reached (Redis down, or not yet reached by this instance since it started). `Retry-After` says when to try again. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
};
export type StreamRoomEventsError = StreamRoomEventsErrors[keyof StreamRoomEventsErrors];
export type StreamRoomEventsResponses = {
    /**
     * OK
     */
    200: AgoraEvent;
};
export type StreamRoomEventsResponse = StreamRoomEventsResponses[keyof StreamRoomEventsResponses];
export type IssueStreamTicketData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/events/ticket';
};
export type IssueStreamTicketErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this. Agora codes: `20403200` user kicked and kept out for a while.
     */
    403: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked. `Retry-After` says when to try again.
     */
    503: GatewayProblem;
};
export type IssueStreamTicketError = IssueStreamTicketErrors[keyof IssueStreamTicketErrors];
export type IssueStreamTicketResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfStreamTicket;
};
export type IssueStreamTicketResponse = IssueStreamTicketResponses[keyof IssueStreamTicketResponses];
export type SetBreakoutGroupsData = {
    body?: BreakoutGroupsRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The state to set; the summary lists the values.
         */
        state: 0 | 1;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/groups/states/{state}';
};
export type SetBreakoutGroupsErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetBreakoutGroupsError = SetBreakoutGroupsErrors[keyof SetBreakoutGroupsErrors];
export type SetBreakoutGroupsResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetBreakoutGroupsResponse = SetBreakoutGroupsResponses[keyof SetBreakoutGroupsResponses];
export type JoinRoomData = {
    body?: JoinRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        /**
         * The classroom's language (the join's, or the page a web-mode recording opens): `en` (default) or `zh`.
         */
        language?: 'en' | 'zh';
    };
    url: '/api/v1/rooms/{roomUuid}/join';
};
export type JoinRoomErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this. Agora codes: `20403200` user kicked and kept out for a while.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this. Agora codes: `30409101` class already ended.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, its answer was not one the gateway can use, or its description of the classroom has no room type.
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type JoinRoomError = JoinRoomErrors[keyof JoinRoomErrors];
export type JoinRoomResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfLaunchOptions;
};
export type JoinRoomResponse = JoinRoomResponses[keyof JoinRoomResponses];
export type DeleteRoomPropertiesData = {
    body: DeletePropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/properties';
};
export type DeleteRoomPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteRoomPropertiesError = DeleteRoomPropertiesErrors[keyof DeleteRoomPropertiesErrors];
export type DeleteRoomPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteRoomPropertiesResponse = DeleteRoomPropertiesResponses[keyof DeleteRoomPropertiesResponses];
export type SetRoomPropertiesData = {
    body: SetPropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/properties';
};
export type SetRoomPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetRoomPropertiesError = SetRoomPropertiesErrors[keyof SetRoomPropertiesErrors];
export type SetRoomPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetRoomPropertiesResponse = SetRoomPropertiesResponses[keyof SetRoomPropertiesResponses];
export type ListRecordingsData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        /**
         * The `nextId` of the previous page; absent for the first page.
         */
        nextId?: string;
    };
    url: '/api/v1/rooms/{roomUuid}/records';
};
export type ListRecordingsErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type ListRecordingsError = ListRecordingsErrors[keyof ListRecordingsErrors];
export type ListRecordingsResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfRecordPage;
};
export type ListRecordingsResponse = ListRecordingsResponses[keyof ListRecordingsResponses];
export type ReportRecordingReadyData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/records/ready';
};
export type ReportRecordingReadyErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this. Agora codes: `30409410` recording not started.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type ReportRecordingReadyError = ReportRecordingReadyErrors[keyof ReportRecordingReadyErrors];
export type ReportRecordingReadyResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type ReportRecordingReadyResponse = ReportRecordingReadyResponses[keyof ReportRecordingReadyResponses];
export type UpdateRecordingData = {
    body: UpdateRecordingRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * Must be 1: the path takes this method for no other value.
         */
        state: 1;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/records/states/{state}';
};
export type UpdateRecordingErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this. Agora codes: `30409410` recording not started.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type UpdateRecordingError = UpdateRecordingErrors[keyof UpdateRecordingErrors];
export type UpdateRecordingResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type UpdateRecordingResponse = UpdateRecordingResponses[keyof UpdateRecordingResponses];
export type SetRecordingStateData = {
    body?: RecordingStateRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The state to set; the summary lists the values.
         */
        state: 0 | 1;
    };
    query?: {
        /**
         * Web-mode recording with a URL the gateway builds: the classroom's type, 0 one-to-one, 2 lecture hall, 4 small class, 10 cloud class.
         */
        roomType?: 0 | 2 | 4 | 10;
        /**
         * The classroom's language (the join's, or the page a web-mode recording opens): `en` (default) or `zh`.
         */
        language?: 'en' | 'zh';
    };
    url: '/api/v1/rooms/{roomUuid}/records/states/{state}';
};
export type SetRecordingStateErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this. Agora codes: `30409410` recording not started; `30409411` recording not ended; `30409101` class already ended.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetRecordingStateError = SetRecordingStateErrors[keyof SetRecordingStateErrors];
export type SetRecordingStateResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetRecordingStateResponse = SetRecordingStateResponses[keyof SetRecordingStateResponses];
export type DeleteResourcesData = {
    body: DeleteResourcesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/resources';
};
export type DeleteResourcesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteResourcesError = DeleteResourcesErrors[keyof DeleteResourcesErrors];
export type DeleteResourcesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteResourcesResponse = DeleteResourcesResponses[keyof DeleteResourcesResponses];
export type ListResourcesData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/resources';
};
export type ListResourcesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type ListResourcesError = ListResourcesErrors[keyof ListResourcesErrors];
export type ListResourcesResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfResourceItemList;
};
export type ListResourcesResponse = ListResourcesResponses[keyof ListResourcesResponses];
export type UploadResourceData = {
    body: UploadResourceRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The resource's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        resourceUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/resources/{resourceUuid}';
};
export type UploadResourceErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type UploadResourceError = UploadResourceErrors[keyof UploadResourceErrors];
export type UploadResourceResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type UploadResourceResponse = UploadResourceResponses[keyof UploadResourceResponses];
export type QuerySequencesData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        /**
         * A sequence number, 0 to 2147483647, without a leading zero.
         */
        nextId?: string;
        /**
         * Only events of this cmd: 1 class state, 3 chat message, 20 users entered or left, 1001 recording state, 1003 public resources changed, 1101 rewards, 1501 on stage, 1502 hands raised.
         */
        cmd?: number;
    };
    url: '/api/v1/rooms/{roomUuid}/sequences';
};
export type QuerySequencesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QuerySequencesError = QuerySequencesErrors[keyof QuerySequencesErrors];
export type QuerySequencesResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfEventPage;
};
export type QuerySequencesResponse = QuerySequencesResponses[keyof QuerySequencesResponses];
export type SetClassStateData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The state to set; the summary lists the values.
         */
        state: 0 | 1 | 2;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/states/{state}';
};
export type SetClassStateErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this. Agora codes: `30409100` class already started; `30409101` class already ended.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetClassStateError = SetClassStateErrors[keyof SetClassStateErrors];
export type SetClassStateResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetClassStateResponse = SetClassStateResponses[keyof SetClassStateResponses];
export type QueryUserData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/users/{userUuid}';
};
export type QueryUserErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QueryUserError = QueryUserErrors[keyof QueryUserErrors];
export type QueryUserResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfRoomUserDetails;
};
export type QueryUserResponse = QueryUserResponses[keyof QueryUserResponses];
export type KickUserData = {
    body?: KickRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/users/{userUuid}/exit';
};
export type KickUserErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type KickUserError = KickUserErrors[keyof KickUserErrors];
export type KickUserResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type KickUserResponse = KickUserResponses[keyof KickUserResponses];
export type DeleteUserPropertiesData = {
    body: DeletePropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/users/{userUuid}/properties';
};
export type DeleteUserPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteUserPropertiesError = DeleteUserPropertiesErrors[keyof DeleteUserPropertiesErrors];
export type DeleteUserPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteUserPropertiesResponse = DeleteUserPropertiesResponses[keyof DeleteUserPropertiesResponses];
export type SetUserPropertiesData = {
    body: SetPropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/users/{userUuid}/properties';
};
export type SetUserPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetUserPropertiesError = SetUserPropertiesErrors[keyof SetUserPropertiesErrors];
export type SetUserPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetUserPropertiesResponse = SetUserPropertiesResponses[keyof SetUserPropertiesResponses];
export type QueryPollSequencesData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        /**
         * A sequence number, 0 to 2147483647, without a leading zero.
         */
        nextId?: string;
        /**
         * How many events at most (1 to 100; Agora's default 100).
         */
        count?: number;
    };
    url: '/api/v1/rooms/{roomUuid}/widgets/poll/sequences';
};
export type QueryPollSequencesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QueryPollSequencesError = QueryPollSequencesErrors[keyof QueryPollSequencesErrors];
export type QueryPollSequencesResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfEventPage;
};
export type QueryPollSequencesResponse = QueryPollSequencesResponses[keyof QueryPollSequencesResponses];
export type QueryQuizSequencesData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
    };
    query?: {
        /**
         * A sequence number, 0 to 2147483647, without a leading zero.
         */
        nextId?: string;
        /**
         * How many events at most (1 to 100; Agora's default 100).
         */
        count?: number;
    };
    url: '/api/v1/rooms/{roomUuid}/widgets/popupQuiz/sequences';
};
export type QueryQuizSequencesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QueryQuizSequencesError = QueryQuizSequencesErrors[keyof QueryQuizSequencesErrors];
export type QueryQuizSequencesResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfEventPage;
};
export type QueryQuizSequencesResponse = QueryQuizSequencesResponses[keyof QueryQuizSequencesResponses];
export type DeleteWidgetData = {
    body?: DeleteWidgetRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}';
};
export type DeleteWidgetErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteWidgetError = DeleteWidgetErrors[keyof DeleteWidgetErrors];
export type DeleteWidgetResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteWidgetResponse = DeleteWidgetResponses[keyof DeleteWidgetResponses];
export type SetWidgetData = {
    body: SetWidgetRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}';
};
export type SetWidgetErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetWidgetError = SetWidgetErrors[keyof SetWidgetErrors];
export type SetWidgetResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetWidgetResponse = SetWidgetResponses[keyof SetWidgetResponses];
export type DeleteWidgetPropertiesData = {
    body: DeleteWidgetPropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}/extra';
};
export type DeleteWidgetPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteWidgetPropertiesError = DeleteWidgetPropertiesErrors[keyof DeleteWidgetPropertiesErrors];
export type DeleteWidgetPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteWidgetPropertiesResponse = DeleteWidgetPropertiesResponses[keyof DeleteWidgetPropertiesResponses];
export type QueryWidgetSequencesData = {
    body?: never;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
    };
    query?: {
        /**
         * A sequence number, 0 to 2147483647, without a leading zero.
         */
        nextId?: string;
        /**
         * How many events at most (1 to 100; Agora's default 100).
         */
        count?: number;
    };
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}/sequences';
};
export type QueryWidgetSequencesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type QueryWidgetSequencesError = QueryWidgetSequencesErrors[keyof QueryWidgetSequencesErrors];
export type QueryWidgetSequencesResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfEventPage;
};
export type QueryWidgetSequencesResponse = QueryWidgetSequencesResponses[keyof QueryWidgetSequencesResponses];
export type DeleteWidgetUserPropertiesData = {
    body: DeleteWidgetPropertiesRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}';
};
export type DeleteWidgetUserPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type DeleteWidgetUserPropertiesError = DeleteWidgetUserPropertiesErrors[keyof DeleteWidgetUserPropertiesErrors];
export type DeleteWidgetUserPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type DeleteWidgetUserPropertiesResponse = DeleteWidgetUserPropertiesResponses[keyof DeleteWidgetUserPropertiesResponses];
export type SetWidgetUserPropertiesData = {
    body: SetWidgetUserRequest;
    path: {
        /**
         * The classroom's id: must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        roomUuid: string;
        /**
         * The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        widgetUuid: string;
        /**
         * The user's id (their Agora uid): must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,.
         */
        userUuid: string;
    };
    query?: never;
    url: '/api/v1/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}';
};
export type SetWidgetUserPropertiesErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist. Agora codes: `20404100` classroom does not exist; `20404200` user does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type SetWidgetUserPropertiesError = SetWidgetUserPropertiesErrors[keyof SetWidgetUserPropertiesErrors];
export type SetWidgetUserPropertiesResponses = {
    /**
     * OK
     */
    200: AgoraEmptyEnvelope;
};
export type SetWidgetUserPropertiesResponse = SetWidgetUserPropertiesResponses[keyof SetWidgetUserPropertiesResponses];
export type MintRtmTokenData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/v1/rtm-token';
};
export type MintRtmTokenErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.
     */
    401: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * The school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked. `Retry-After` says when to try again.
     */
    503: GatewayProblem;
};
export type MintRtmTokenError = MintRtmTokenErrors[keyof MintRtmTokenErrors];
export type MintRtmTokenResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfRtmTokenResponse;
};
export type MintRtmTokenResponse = MintRtmTokenResponses[keyof MintRtmTokenResponses];
export type IssueDevTokenData = {
    body: DevTokenRequest;
    path?: never;
    query?: never;
    url: '/dev/token';
};
export type IssueDevTokenErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * The sandbox signs no token beside a key or an authority of the operator's own (`Auth:SigningKey`, `Auth:Authority`), nor beside an app certificate of its own (`Agora:AppCertificate`).
     */
    403: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
};
export type IssueDevTokenError = IssueDevTokenErrors[keyof IssueDevTokenErrors];
export type IssueDevTokenResponses = {
    /**
     * OK
     */
    200: AgoraEnvelopeOfDevTokenResponse;
};
export type IssueDevTokenResponse = IssueDevTokenResponses[keyof IssueDevTokenResponses];
export type PassthroughDeleteData = {
    /**
     * Agora's body for this call, forwarded unchanged.
     */
    body?: {
        [key: string]: unknown;
    };
    path: {
        /**
         * Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id (in the sandbox `5a4dc0ffee5a4dc0ffee5a4dc0ffee00`). Its slashes may be sent encoded (`%2F`), as generated clients and Swagger UI send them; `.` and `..` segments are refused.
         */
        path: string;
    };
    query?: never;
    url: '/edu/{path}';
};
export type PassthroughDeleteErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type PassthroughDeleteError = PassthroughDeleteErrors[keyof PassthroughDeleteErrors];
export type PassthroughDeleteResponses = {
    /**
     * Agora's answer, unchanged.
     */
    200: AgoraEnvelopeOfJsonElement | AgoraEmptyEnvelope;
};
export type PassthroughDeleteResponse = PassthroughDeleteResponses[keyof PassthroughDeleteResponses];
export type PassthroughGetData = {
    body?: never;
    path: {
        /**
         * Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id (in the sandbox `5a4dc0ffee5a4dc0ffee5a4dc0ffee00`). Its slashes may be sent encoded (`%2F`), as generated clients and Swagger UI send them; `.` and `..` segments are refused.
         */
        path: string;
    };
    query?: {
        /**
         * Agora's query parameters for this call (`nextId`, `cmd`, `count`, …), forwarded as they are.
         */
        params?: {
            [key: string]: string;
        };
    };
    url: '/edu/{path}';
};
export type PassthroughGetErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type PassthroughGetError = PassthroughGetErrors[keyof PassthroughGetErrors];
export type PassthroughGetResponses = {
    /**
     * Agora's answer, unchanged.
     */
    200: AgoraEnvelopeOfJsonElement;
};
export type PassthroughGetResponse = PassthroughGetResponses[keyof PassthroughGetResponses];
export type PassthroughPatchData = {
    /**
     * Agora's body for this call, forwarded unchanged.
     */
    body?: {
        [key: string]: unknown;
    };
    path: {
        /**
         * Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id (in the sandbox `5a4dc0ffee5a4dc0ffee5a4dc0ffee00`). Its slashes may be sent encoded (`%2F`), as generated clients and Swagger UI send them; `.` and `..` segments are refused.
         */
        path: string;
    };
    query?: never;
    url: '/edu/{path}';
};
export type PassthroughPatchErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type PassthroughPatchError = PassthroughPatchErrors[keyof PassthroughPatchErrors];
export type PassthroughPatchResponses = {
    /**
     * Agora's answer, unchanged.
     */
    200: AgoraEnvelopeOfJsonElement | AgoraEmptyEnvelope;
};
export type PassthroughPatchResponse = PassthroughPatchResponses[keyof PassthroughPatchResponses];
export type PassthroughPostData = {
    /**
     * Agora's body for this call, forwarded unchanged.
     */
    body?: {
        [key: string]: unknown;
    };
    path: {
        /**
         * Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id (in the sandbox `5a4dc0ffee5a4dc0ffee5a4dc0ffee00`). Its slashes may be sent encoded (`%2F`), as generated clients and Swagger UI send them; `.` and `..` segments are refused.
         */
        path: string;
    };
    query?: never;
    url: '/edu/{path}';
};
export type PassthroughPostErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type PassthroughPostError = PassthroughPostErrors[keyof PassthroughPostErrors];
export type PassthroughPostResponses = {
    /**
     * Agora's answer, unchanged.
     */
    200: AgoraEnvelopeOfJsonElement | AgoraEmptyEnvelope;
};
export type PassthroughPostResponse = PassthroughPostResponses[keyof PassthroughPostResponses];
export type PassthroughPutData = {
    /**
     * Agora's body for this call, forwarded unchanged.
     */
    body?: {
        [key: string]: unknown;
    };
    path: {
        /**
         * Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id (in the sandbox `5a4dc0ffee5a4dc0ffee5a4dc0ffee00`). Its slashes may be sent encoded (`%2F`), as generated clients and Swagger UI send them; `.` and `..` segments are refused.
         */
        path: string;
    };
    query?: never;
    url: '/edu/{path}';
};
export type PassthroughPutErrors = {
    /**
     * The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.
     */
    400: GatewayProblem;
    /**
     * No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm. Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): another JWT will not help, the gateway's operator must fix its settings.
     */
    401: GatewayProblem;
    /**
     * The caller's role, or a room outside the caller's rooms, does not allow this.
     */
    403: GatewayProblem;
    /**
     * Agora: the classroom, user or resource does not exist.
     */
    404: GatewayProblem;
    /**
     * The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.
     */
    408: GatewayProblem;
    /**
     * Agora: the classroom or recording is not in a state that allows this.
     */
    409: GatewayProblem;
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).
     */
    415: GatewayProblem;
    /**
     * Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.
     */
    429: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).
     */
    502: GatewayProblem;
    /**
     * Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller. Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.
     */
    503: GatewayProblem;
    /**
     * Agora did not answer within `Agora:TimeoutSeconds`.
     */
    504: GatewayProblem;
    /**
     * Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with Agora's business code in `code` and its message in `msg`.
     */
    default: GatewayProblem;
};
export type PassthroughPutError = PassthroughPutErrors[keyof PassthroughPutErrors];
export type PassthroughPutResponses = {
    /**
     * Agora's answer, unchanged.
     */
    200: AgoraEnvelopeOfJsonElement | AgoraEmptyEnvelope;
};
export type PassthroughPutResponse = PassthroughPutResponses[keyof PassthroughPutResponses];
export type LivenessData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/healthz';
};
export type LivenessErrors = {
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
};
export type LivenessError = LivenessErrors[keyof LivenessErrors];
export type LivenessResponses = {
    /**
     * OK
     */
    200: HealthReportBody;
};
export type LivenessResponse = LivenessResponses[keyof LivenessResponses];
export type ReadinessData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/readyz';
};
export type ReadinessErrors = {
    /**
     * The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that grows past it.
     */
    413: GatewayProblem;
    /**
     * The request line (method, path and query) is longer than 8 KiB; past 16 KiB the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    414: GatewayProblem;
    /**
     * The request's headers are more than 32 KiB in all, or more than 64; past 64 KiB or 128 the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.
     */
    431: GatewayProblem;
    /**
     * The gateway failed to handle the request, or Agora answered 500.
     */
    500: GatewayProblem;
    /**
     * The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.
     */
    501: GatewayProblem;
    /**
     * A dependency does not answer.
     */
    503: HealthReportBody;
};
export type ReadinessError = ReadinessErrors[keyof ReadinessErrors];
export type ReadinessResponses = {
    /**
     * OK
     */
    200: HealthReportBody;
};
export type ReadinessResponse = ReadinessResponses[keyof ReadinessResponses];
