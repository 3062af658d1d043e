import type { Client, Options as Options2, TDataShape } from './client/index.js';
import type { CreateRoomData, CreateRoomErrors, CreateRoomResponses, DeleteResourcesData, DeleteResourcesErrors, DeleteResourcesResponses, DeleteRoomPropertiesData, DeleteRoomPropertiesErrors, DeleteRoomPropertiesResponses, DeleteUserPropertiesData, DeleteUserPropertiesErrors, DeleteUserPropertiesResponses, DeleteWidgetData, DeleteWidgetErrors, DeleteWidgetPropertiesData, DeleteWidgetPropertiesErrors, DeleteWidgetPropertiesResponses, DeleteWidgetResponses, DeleteWidgetUserPropertiesData, DeleteWidgetUserPropertiesErrors, DeleteWidgetUserPropertiesResponses, GetAttendanceData, GetAttendanceErrors, GetAttendanceResponses, IssueDevTokenData, IssueDevTokenErrors, IssueDevTokenResponses, IssueStreamTicketData, IssueStreamTicketErrors, IssueStreamTicketResponses, JoinRoomData, JoinRoomErrors, JoinRoomResponses, KickUserData, KickUserErrors, KickUserResponses, ListAuditData, ListAuditErrors, ListAuditResponses, ListEventsData, ListEventsErrors, ListEventsResponses, ListRecordingsData, ListRecordingsErrors, ListRecordingsResponses, ListResourcesData, ListResourcesErrors, ListResourcesResponses, LivenessData, LivenessErrors, LivenessResponses, MintRtmTokenData, MintRtmTokenErrors, MintRtmTokenResponses, PassthroughDeleteData, PassthroughDeleteErrors, PassthroughDeleteResponses, PassthroughGetData, PassthroughGetErrors, PassthroughGetResponses, PassthroughPatchData, PassthroughPatchErrors, PassthroughPatchResponses, PassthroughPostData, PassthroughPostErrors, PassthroughPostResponses, PassthroughPutData, PassthroughPutErrors, PassthroughPutResponses, QueryPollSequencesData, QueryPollSequencesErrors, QueryPollSequencesResponses, QueryQuizSequencesData, QueryQuizSequencesErrors, QueryQuizSequencesResponses, QueryRoomData, QueryRoomErrors, QueryRoomResponses, QuerySequencesData, QuerySequencesErrors, QuerySequencesResponses, QueryUserData, QueryUserErrors, QueryUserResponses, QueryWidgetSequencesData, QueryWidgetSequencesErrors, QueryWidgetSequencesResponses, ReadinessData, ReadinessErrors, ReadinessResponses, ReportRecordingReadyData, ReportRecordingReadyErrors, ReportRecordingReadyResponses, SetBreakoutGroupsData, SetBreakoutGroupsErrors, SetBreakoutGroupsResponses, SetClassStateData, SetClassStateErrors, SetClassStateResponses, SetRecordingStateData, SetRecordingStateErrors, SetRecordingStateResponses, SetRoomPropertiesData, SetRoomPropertiesErrors, SetRoomPropertiesResponses, SetUserPropertiesData, SetUserPropertiesErrors, SetUserPropertiesResponses, SetWidgetData, SetWidgetErrors, SetWidgetResponses, SetWidgetUserPropertiesData, SetWidgetUserPropertiesErrors, SetWidgetUserPropertiesResponses, StreamRoomEventsData, StreamRoomEventsErrors, StreamRoomEventsResponse, StreamRoomEventsResponses, UpdateRecordingData, UpdateRecordingErrors, UpdateRecordingResponses, UploadResourceData, UploadResourceErrors, UploadResourceResponses } from './types.gen.js';
export type Options<TData extends TDataShape = TDataShape, ThrowOnError extends boolean = boolean, TResponse = unknown> = Options2<TData, ThrowOnError, TResponse> & {
    /**
     * You can provide a client instance returned by `createClient()` instead of
     * individual options. This might be also useful if you want to implement a
     * custom client.
     */
    client?: Client;
    /**
     * You can pass arbitrary values through the `meta` object. This can be
     * used to access values that aren't defined as part of the SDK function.
     */
    meta?: Record<string, unknown>;
};
/**
 * Page the audit trail of every state-changing call with an opaque cursor
 *
 * Each write through the gateway — by whom (uid and roles), which route, room and user or resource, its status, Agora's code and the request id — oldest first, the same on every instance. Pass `next` as `after` to go on: it is always the cursor to continue from. `roomUuid` keeps one room's entries, `userId` those whose actor or target is that user, a passthrough call whose path acts on that user (`…/rooms/{roomUuid}/users/{userUuid}…`) included. `limit` is 1 to 1000 (100). The trail keeps entries `Audit:RetentionDays` days (without Redis, the newest 100,000 of them): when it no longer holds entries that came after `after`, the page starts at the oldest it holds and says `missed: true`.
 *
 * **Who:** admins.
 */
export declare const listAudit: <ThrowOnError extends boolean = false>(options?: Options<ListAuditData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListAuditResponses, ListAuditErrors, ThrowOnError, "fields">;
/**
 * Page the log of every polled event with an opaque cursor
 *
 * Every event the gateway polled from Agora's once-only queue, each exactly once, in order, the same on every instance. Pass `next` as `after` to go on: with an empty list it is the `after` given (the log's end for an `after` past it, which names no event), so a client can poll with it forever. `limit` is 1 to 1000 (100): a page holds fewer when its events pass 4 MiB of JSON together, and an event larger than that comes alone. The log keeps the newest `Events:RetentionEvents` events: when it trimmed events that came after `after`, the page starts at the oldest it holds and says `missed: true`.
 *
 * **Who:** admins.
 */
export declare const listEvents: <ThrowOnError extends boolean = false>(options?: Options<ListEventsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListEventsResponses, ListEventsErrors, ThrowOnError, "fields">;
/**
 * Query a classroom: its name, type, schedule, state and properties
 *
 * Agora's query classroom (`GET /v2/rooms/{roomUuid}`), cached per room for every gateway instance: answers carry `X-Cache-Status: HIT` or `MISS`, and any write to the room through the gateway makes the next read fresh.
 *
 * **Who:** students, teachers and assistants of the room (the room is in the caller's rooms claim), and admins.
 */
export declare const queryRoom: <ThrowOnError extends boolean = false>(options: Options<QueryRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryRoomResponses, QueryRoomErrors, ThrowOnError, "fields">;
/**
 * Create a classroom
 *
 * Agora's `POST /v2/rooms/{roomUuid}`: `roomName` (under 64 bytes), `roomType` (0 one-to-one, 2 lecture hall, 4 small class, 10 cloud class with its `roleConfig`) and an optional schedule.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const createRoom: <ThrowOnError extends boolean = false>(options: Options<CreateRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<CreateRoomResponses, CreateRoomErrors, ThrowOnError, "fields">;
/**
 * A classroom's attendance per user, as JSON or CSV
 *
 * Computed from the class start and end (cmd 1) and the users entering and leaving (cmd 20) in the gateway's event log, so every instance answers the same, after restarts too, for as long as the log keeps the room's events (`Events:RetentionEvents`). Per user: each stay (`left` null while still present; a stay open when the class ended ends when the log took the end, which carries no time of its own, and what follows the end is not counted), the minutes present (an open stay counts up to the answer), the seconds from the class start to the first entry (negative when early; null without a class start in the log) and whether the user was kicked. `Accept: text/csv` answers the same as CSV, one row per user (the 200 answer names its header row).
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const getAttendance: <ThrowOnError extends boolean = false>(options: Options<GetAttendanceData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<GetAttendanceResponses, GetAttendanceErrors, ThrowOnError, "fields">;
/**
 * A classroom's events, live, as Server-Sent Events
 *
 * `text/event-stream`: each event as `id:` (the log cursor), `event:` (its cmd as a number: `1` class state, `3` chat message, `5` room properties, `20` users entered or left, `23` user properties, `1001` recording state, `1003` public resources, `1101` rewards, `1110` widget, `1501` on stage, `1502` hands raised) and `data:` (the event's JSON, the schema below); a `ping` event without data opens the stream and keeps idle connections open. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume after the last event seen; when the log has trimmed events that came after it (its retention, `Events:RetentionEvents`), an event `missed` without data and without `id:` comes before the first event resumed, and the client reads the room's state again. An open stream sends the same `missed` before its next event when the instance fell behind the log that way, or the log was lost (Redis restarted empty). A browser's `EventSource`, which cannot send `Authorization`, passes `?ticket=` from `POST …/events/ticket` instead, over HTTPS: a ticket sent over plain HTTP, where the gateway redirects plain HTTP to HTTPS, is spent and refused (403). The stream ends when the sign-in behind it (the JWT, or the ticket's) expires, and after an event that says its user was kicked out of the room (cmd `20`, offline `type` 2); a client whose stream ends reconnects. A user kicked out dirty is refused (403, 20403200) while the ban runs, as the join refuses it. 429 when the caller has `Events:MaxStreamsPerUser` streams open on this instance, or the instance `Events:MaxStreamsPerInstance`.
 *
 * **Who:** students, teachers and assistants of the room, and admins, signed in by their JWT or by a ticket from `POST …/events/ticket`.
 */
export declare const streamRoomEvents: <ThrowOnError extends boolean = false>(options: Options<StreamRoomEventsData, ThrowOnError, StreamRoomEventsResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<StreamRoomEventsResponses, StreamRoomEventsErrors>>;
/**
 * A single-use ticket to open the classroom's stream from a browser
 *
 * For `GET …/events/stream?ticket=`, where `EventSource` cannot send `Authorization`: valid once, for this caller and this room, for 60 s at most (never past the caller's JWT), on any instance. The stream it opens ends when the JWT expires. A user kicked out dirty gets none (403, 20403200) while the ban runs.
 *
 * **Who:** students, teachers and assistants of the room (the room is in the caller's rooms claim), and admins.
 */
export declare const issueStreamTicket: <ThrowOnError extends boolean = false>(options: Options<IssueStreamTicketData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<IssueStreamTicketResponses, IssueStreamTicketErrors, ThrowOnError, "fields">;
/**
 * Open (1) or close (0) breakout groups
 *
 * Opening takes `groups`, each with its `users` (a user in one group only) and an optional `groupUuid` and `groupName`; it replaces any open groups. Closing takes no body. The groups show in `roomProperties.groups` of the query classroom.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const setBreakoutGroups: <ThrowOnError extends boolean = false>(options: Options<SetBreakoutGroupsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetBreakoutGroupsResponses, SetBreakoutGroupsErrors, ThrowOnError, "fields">;
/**
 * Join a classroom: the launch options of the classroom SDK, with its token
 *
 * Answers `appId` and `region` for `AgoraEduSDK.config` and the rest for `launch`: the room as Agora describes it (name, type, schedule), the caller as `userUuid`, `userName` and `roleType` (teacher 1, student 2, assistant and admin 3), and a room-user token for that room, user and role as `token` and `rtmToken`. `duration` is the schedule's, else 3600 s; `language` is the query's (`en`, `zh`; en). A teacher or admin may send Agora's create body to create a missing room first; for anyone else a missing room is 404. A user kicked out with a ban still running is refused (403), and everyone is refused a class that has ended (409), as Agora lets nobody enter it.
 *
 * **Who:** students, teachers and assistants of the room (the room is in the caller's rooms claim), and admins.
 */
export declare const joinRoom: <ThrowOnError extends boolean = false>(options: Options<JoinRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<JoinRoomResponses, JoinRoomErrors, ThrowOnError, "fields">;
/**
 * Delete a classroom's custom properties
 *
 * Agora's `DELETE /v2/rooms/{roomUuid}/properties`: `properties` lists the keys or dotted paths to delete, at most 100.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const deleteRoomProperties: <ThrowOnError extends boolean = false>(options: Options<DeleteRoomPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteRoomPropertiesResponses, DeleteRoomPropertiesErrors, ThrowOnError, "fields">;
/**
 * Add or update a classroom's custom properties
 *
 * Agora's `PUT /v2/rooms/{roomUuid}/properties`: `properties` maps each key, or dotted path to a nested value (`flexProps.quiz.open`), to any JSON value; at most 100 keys. The change shows in the query classroom and as a cmd 5 event.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const setRoomProperties: <ThrowOnError extends boolean = false>(options: Options<SetRoomPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetRoomPropertiesResponses, SetRoomPropertiesErrors, ThrowOnError, "fields">;
/**
 * List a classroom's recordings, 100 a page
 *
 * Pass `nextId` of one page to get the next; a null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const listRecordings: <ThrowOnError extends boolean = false>(options: Options<ListRecordingsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListRecordingsResponses, ListRecordingsErrors, ThrowOnError, "fields">;
/**
 * The recording page reports it has loaded
 *
 * Agora's `PUT /v2/rooms/{roomUuid}/records/ready`, for the recorder (user id `classroom-recorder`, the one the gateway builds web recording URLs for) and admins. Without it, a recording started with `retryTimeout` is retried at most twice, then marked `unready`.
 *
 * **Who:** the recorder (user id `classroom-recorder`, with the room in its rooms claim) and admins.
 */
export declare const reportRecordingReady: <ThrowOnError extends boolean = false>(options: Options<ReportRecordingReadyData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ReportRecordingReadyResponses, ReportRecordingReadyErrors, ThrowOnError, "fields">;
/**
 * Update the running web recording: pause (onhold true) or resume (onhold false)
 *
 * Agora's `PATCH /v2/rooms/{roomUuid}/records/states/1`: `webRecordConfig.onhold` is required; each call replaces the last settings. The pause shows as `onhold` in the recording list.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const updateRecording: <ThrowOnError extends boolean = false>(options: Options<UpdateRecordingData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<UpdateRecordingResponses, UpdateRecordingErrors, ThrowOnError, "fields">;
/**
 * Start (1) or stop (0) recording
 *
 * Composite recording when `mode` is absent; web-page recording (MP4) with `mode: "web"`. In web mode without `webRecordConfig.url` or `rootUrl`, the gateway builds the URL when `Agora:WebRecording:ClassroomUrl` is configured; then `roomType` (0, 2, 4 or 10) and optionally `language` (en, zh) are taken from the query. Stopping takes no body.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const setRecordingState: <ThrowOnError extends boolean = false>(options: Options<SetRecordingStateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetRecordingStateResponses, SetRecordingStateErrors, ThrowOnError, "fields">;
/**
 * Delete public resources by id
 *
 * The body lists the ids: `{"resourceUuid":["a","b"]}`.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const deleteResources: <ThrowOnError extends boolean = false>(options: Options<DeleteResourcesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteResourcesResponses, DeleteResourcesErrors, ThrowOnError, "fields">;
/**
 * List a classroom's public resources
 *
 * Each resource with its conversion progress. Cached for every gateway instance: answers carry `X-Cache-Status: HIT` or `MISS`, and an upload or delete through the gateway makes the next read fresh. A list is kept up to 60 s, one showing a conversion still running 5 s, so that its progress moves on.
 *
 * **Who:** students, teachers and assistants of the room (the room is in the caller's rooms claim), and admins.
 */
export declare const listResources: <ThrowOnError extends boolean = false>(options: Options<ListResourcesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListResourcesResponses, ListResourcesErrors, ThrowOnError, "fields">;
/**
 * Add or replace a public resource, optionally converting it
 *
 * `ext` is one of ppt, pptx, pptm, docx, doc, xlsx, xls, csv, pdf. Conversion: `static` (ppt, doc, docx, pdf; `scale` 0.1..3.0, `outputFormat` png, jpg, jpeg, webp) or `dynamic` (pptx; `preview`).
 *
 * **Who:** teachers of the room and admins.
 */
export declare const uploadResource: <ThrowOnError extends boolean = false>(options: Options<UploadResourceData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<UploadResourceResponses, UploadResourceErrors, ThrowOnError, "fields">;
/**
 * Query a classroom's events, 100 a page, optionally of one cmd
 *
 * Agora keeps a room's events until the classroom is destroyed; the query is repeatable. A null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const querySequences: <ThrowOnError extends boolean = false>(options: Options<QuerySequencesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QuerySequencesResponses, QuerySequencesErrors, ThrowOnError, "fields">;
/**
 * Start or end a class (0 not started, 1 started, 2 ended)
 *
 * A class goes 0 → 1 → 2; an ended classroom is destroyed an hour later.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const setClassState: <ThrowOnError extends boolean = false>(options: Options<SetClassStateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetClassStateResponses, SetClassStateErrors, ThrowOnError, "fields">;
/**
 * Query a user of the classroom: name, role, stream, online state and properties
 *
 * Agora's `GET /v2/rooms/{roomUuid}/users/{userUuid}`, for the user themself and for teachers, assistants and admins. `userProperties` holds the custom properties and, under `widgets.{widgetUuid}`, the user's properties of each widget.
 *
 * **Who:** the user themself (`userUuid` is the caller's user id) as a student, teacher or assistant, if the room is theirs, teachers and assistants of the room, and admins.
 */
export declare const queryUser: <ThrowOnError extends boolean = false>(options: Options<QueryUserData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryUserResponses, QueryUserErrors, ThrowOnError, "fields">;
/**
 * Kick a user out of the classroom, optionally keeping them out for a while
 *
 * An empty body is a plain kick; `{"dirty":{"state":1,"duration":600}}` keeps the user out for 600 s.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const kickUser: <ThrowOnError extends boolean = false>(options: Options<KickUserData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KickUserResponses, KickUserErrors, ThrowOnError, "fields">;
/**
 * Delete a user's custom properties
 *
 * Agora's `DELETE /v2/rooms/{roomUuid}/users/{userUuid}/properties`: `properties` lists the keys or dotted paths to delete, at most 100.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const deleteUserProperties: <ThrowOnError extends boolean = false>(options: Options<DeleteUserPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteUserPropertiesResponses, DeleteUserPropertiesErrors, ThrowOnError, "fields">;
/**
 * Add or update a user's custom properties
 *
 * Agora's `PUT /v2/rooms/{roomUuid}/users/{userUuid}/properties`: `properties` maps each key, or dotted path to a nested value, to any JSON value; at most 100 keys. The change shows in the query user and as a cmd 23 event.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const setUserProperties: <ThrowOnError extends boolean = false>(options: Options<SetUserPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetUserPropertiesResponses, SetUserPropertiesErrors, ThrowOnError, "fields">;
/**
 * Read the poll's data: its events, `count` (1 to 100) a page
 *
 * Agora's `GET /v2/rooms/{roomUuid}/widgets/poll/sequences`: the poll widget's cmd 1110 events. A null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const queryPollSequences: <ThrowOnError extends boolean = false>(options: Options<QueryPollSequencesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryPollSequencesResponses, QueryPollSequencesErrors, ThrowOnError, "fields">;
/**
 * Read the quiz's data: its events, `count` (1 to 100) a page
 *
 * Agora's `GET /v2/rooms/{roomUuid}/widgets/popupQuiz/sequences`: the quiz widget's cmd 1110 events. A null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const queryQuizSequences: <ThrowOnError extends boolean = false>(options: Options<QueryQuizSequencesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryQuizSequencesResponses, QueryQuizSequencesErrors, ThrowOnError, "fields">;
/**
 * Delete a widget
 *
 * Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}`; the body, optional, carries only a `cause`.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const deleteWidget: <ThrowOnError extends boolean = false>(options: Options<DeleteWidgetData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteWidgetResponses, DeleteWidgetErrors, ThrowOnError, "fields">;
/**
 * Set a widget's room properties, state (0 closed, 1 open) or owner
 *
 * Agora's `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}`: `extra` (keys may be dotted paths), `state`, `ownerUserUuid` (the widget goes when its owner goes offline), at least one of them: an empty `extra` sets nothing, and counts only beside another. The widget shows in `roomProperties.widgets` of the query classroom and each change as a cmd 1110 event.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const setWidget: <ThrowOnError extends boolean = false>(options: Options<SetWidgetData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetWidgetResponses, SetWidgetErrors, ThrowOnError, "fields">;
/**
 * Delete some of a widget's room properties
 *
 * Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/extra`: `extra` lists the keys or dotted paths, at most 100.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const deleteWidgetProperties: <ThrowOnError extends boolean = false>(options: Options<DeleteWidgetPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteWidgetPropertiesResponses, DeleteWidgetPropertiesErrors, ThrowOnError, "fields">;
/**
 * Read one widget's events, `count` (1 to 100) a page
 *
 * Agora's `GET /v2/rooms/{roomUuid}/widgets/{widgetUuid}/sequences`: the widget's cmd 1110 events. A null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const queryWidgetSequences: <ThrowOnError extends boolean = false>(options: Options<QueryWidgetSequencesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryWidgetSequencesResponses, QueryWidgetSequencesErrors, ThrowOnError, "fields">;
/**
 * Delete some of a user's properties of a widget
 *
 * Agora's `DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: `extra` lists the keys or dotted paths, at most 100.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const deleteWidgetUserProperties: <ThrowOnError extends boolean = false>(options: Options<DeleteWidgetUserPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<DeleteWidgetUserPropertiesResponses, DeleteWidgetUserPropertiesErrors, ThrowOnError, "fields">;
/**
 * Set a user's properties of a widget
 *
 * Agora's `PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}`: `extra`, at most 100 keys. They show in the query user under `userProperties.widgets.{widgetUuid}`.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const setWidgetUserProperties: <ThrowOnError extends boolean = false>(options: Options<SetWidgetUserPropertiesData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SetWidgetUserPropertiesResponses, SetWidgetUserPropertiesErrors, ThrowOnError, "fields">;
/**
 * Mint an RTM token for the signed-in user
 *
 * An Agora RTM token (AccessToken2, `007…`) for the caller's own uid, for the classroom SDK to log in with. No upstream call.
 *
 * **Who:** any signed-in user.
 */
export declare const mintRtmToken: <ThrowOnError extends boolean = false>(options?: Options<MintRtmTokenData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<MintRtmTokenResponses, MintRtmTokenErrors, ThrowOnError, "fields">;
/**
 * Sandbox only: a school JWT signed with the sandbox key
 *
 * Exists only while the emulator is enabled. Paste the token into Authorize to try every route.
 */
export declare const issueDevToken: <ThrowOnError extends boolean = false>(options: Options<IssueDevTokenData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<IssueDevTokenResponses, IssueDevTokenErrors, ThrowOnError, "fields">;
/**
 * Admins: any Agora classroom call (DELETE), verbatim
 *
 * Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) is refused with 403 too: the gateway polls it into `GET /api/v1/events`.
 *
 * **Who:** admins.
 */
export declare const passthroughDelete: <ThrowOnError extends boolean = false>(options: Options<PassthroughDeleteData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<PassthroughDeleteResponses, PassthroughDeleteErrors, ThrowOnError, "fields">;
/**
 * Admins: any Agora classroom call (GET), verbatim
 *
 * Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) is refused with 403 too: the gateway polls it into `GET /api/v1/events`.
 *
 * **Who:** admins.
 */
export declare const passthroughGet: <ThrowOnError extends boolean = false>(options: Options<PassthroughGetData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<PassthroughGetResponses, PassthroughGetErrors, ThrowOnError, "fields">;
/**
 * Admins: any Agora classroom call (PATCH), verbatim
 *
 * Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) is refused with 403 too: the gateway polls it into `GET /api/v1/events`.
 *
 * **Who:** admins.
 */
export declare const passthroughPatch: <ThrowOnError extends boolean = false>(options: Options<PassthroughPatchData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<PassthroughPatchResponses, PassthroughPatchErrors, ThrowOnError, "fields">;
/**
 * Admins: any Agora classroom call (POST), verbatim
 *
 * Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) is refused with 403 too: the gateway polls it into `GET /api/v1/events`.
 *
 * **Who:** admins.
 */
export declare const passthroughPost: <ThrowOnError extends boolean = false>(options: Options<PassthroughPostData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<PassthroughPostResponses, PassthroughPostErrors, ThrowOnError, "fields">;
/**
 * Admins: any Agora classroom call (PUT), verbatim
 *
 * Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) is refused with 403 too: the gateway polls it into `GET /api/v1/events`.
 *
 * **Who:** admins.
 */
export declare const passthroughPut: <ThrowOnError extends boolean = false>(options: Options<PassthroughPutData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<PassthroughPutResponses, PassthroughPutErrors, ThrowOnError, "fields">;
/**
 * Liveness: the process answers
 *
 * 200 while the process runs; checks nothing else. `HEAD` answers the same status without a body, for load balancers that check with it.
 */
export declare const liveness: <ThrowOnError extends boolean = false>(options?: Options<LivenessData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<LivenessResponses, LivenessErrors, ThrowOnError, "fields">;
/**
 * Readiness: the upstream, Redis and the sign-in authority answer
 *
 * 200 when every dependency answers, else 503 with the failing checks. Each check says its status and why, naming no host, port or URL: the gateway's log does. `HEAD` answers the same status without a body, for load balancers that check with it.
 */
export declare const readiness: <ThrowOnError extends boolean = false>(options?: Options<ReadinessData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ReadinessResponses, ReadinessErrors, ThrowOnError, "fields">;
