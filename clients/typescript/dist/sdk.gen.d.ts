import type { Client, Options as Options2, TDataShape } from './client/index.js';
import type { CreateRoomData, CreateRoomErrors, CreateRoomResponses, DeleteResourcesData, DeleteResourcesErrors, DeleteResourcesResponses, IssueDevTokenData, IssueDevTokenErrors, IssueDevTokenResponses, JoinRoomData, JoinRoomErrors, JoinRoomResponses, KickUserData, KickUserErrors, KickUserResponses, ListAuditData, ListAuditErrors, ListAuditResponses, ListEventsData, ListEventsErrors, ListEventsResponses, ListRecordingsData, ListRecordingsErrors, ListRecordingsResponses, ListResourcesData, ListResourcesErrors, ListResourcesResponses, LivenessData, LivenessErrors, LivenessResponses, MintRtmTokenData, MintRtmTokenErrors, MintRtmTokenResponses, PassthroughDeleteData, PassthroughDeleteErrors, PassthroughDeleteResponses, PassthroughGetData, PassthroughGetErrors, PassthroughGetResponses, PassthroughPostData, PassthroughPostErrors, PassthroughPostResponses, PassthroughPutData, PassthroughPutErrors, PassthroughPutResponses, QueryRoomData, QueryRoomErrors, QueryRoomResponses, QuerySequencesData, QuerySequencesErrors, QuerySequencesResponses, ReadinessData, ReadinessErrors, ReadinessResponses, SetClassStateData, SetClassStateErrors, SetClassStateResponses, SetRecordingStateData, SetRecordingStateErrors, SetRecordingStateResponses, StreamRoomEventsData, StreamRoomEventsErrors, StreamRoomEventsResponse, StreamRoomEventsResponses, UploadResourceData, UploadResourceErrors, UploadResourceResponses } from './types.gen.js';
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
 * Each write through the gateway — by whom (uid and roles), which route, room and user or resource, its status, Agora's code and the request id — oldest first, the same on every instance. Pass `next` as `after` to go on: it is always the cursor to continue from. `roomUuid` keeps one room's entries, `userId` those whose actor or target is that user. `limit` is 1 to 1000 (100).
 *
 * **Who:** admins.
 */
export declare const listAudit: <ThrowOnError extends boolean = false>(options?: Options<ListAuditData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListAuditResponses, ListAuditErrors, ThrowOnError, "fields">;
/**
 * Page the log of every polled event with an opaque cursor
 *
 * Every event the gateway polled from Agora's once-only queue, each exactly once, in order, the same on every instance. Pass `next` as `after` to go on: with an empty list it is the `after` given, so a client can poll with it forever. `limit` is 1 to 1000 (100).
 *
 * **Who:** admins.
 */
export declare const listEvents: <ThrowOnError extends boolean = false>(options?: Options<ListEventsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListEventsResponses, ListEventsErrors, ThrowOnError, "fields">;
/**
 * Query a classroom: its name, type, schedule, state and properties
 *
 * Agora's query classroom (`GET /v2/rooms/{roomUuid}`), cached per room for every gateway instance: answers carry `X-Cache-Status: HIT` or `MISS`, and any write to the room through the gateway makes the next read fresh.
 *
 * **Who:** members of the room (the room is in the caller's rooms claim, or the caller is an admin).
 */
export declare const queryRoom: <ThrowOnError extends boolean = false>(options: Options<QueryRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<QueryRoomResponses, QueryRoomErrors, ThrowOnError, "fields">;
/**
 * Create a classroom
 *
 * Agora's `POST /v2/rooms/{roomUuid}`: `roomName` (under 64 bytes), `roomType` (0 one-to-one, 2 lecture hall, 4 small class) and an optional schedule.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const createRoom: <ThrowOnError extends boolean = false>(options: Options<CreateRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<CreateRoomResponses, CreateRoomErrors, ThrowOnError, "fields">;
/**
 * A classroom's events, live, as Server-Sent Events
 *
 * `text/event-stream`: each event as `id:` (the log cursor), `event:` (its cmd as a number: `1` class state, `3` chat message, `5` room properties, `20` users entered or left, `23` user properties, `1001` recording state, `1003` public resources, `1101` rewards, `1110` widget, `1501` on stage, `1502` hands raised) and `data:` (the event's JSON, the schema below). An event named `ping`, without data, opens the stream and keeps idle connections open. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume after the last event seen.
 *
 * **Who:** members of the room (the room is in the caller's rooms claim, or the caller is an admin).
 */
export declare const streamRoomEvents: <ThrowOnError extends boolean = false>(options: Options<StreamRoomEventsData, ThrowOnError, StreamRoomEventsResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<StreamRoomEventsResponses, StreamRoomEventsErrors>>;
/**
 * Join a classroom: the launch options of the classroom SDK, with its token
 *
 * Answers `appId` and `region` for `AgoraEduSDK.config` and the rest for `launch`: the room as Agora describes it (name, type, schedule), the caller as `userUuid`, `userName` and `roleType` (teacher 1, student 2, assistant and admin 3), and a room-user token for that room, user and role as `token` and `rtmToken`. `duration` is the schedule's, else 3600 s; `language` is the query's (`en`, `zh`; en). A teacher or admin may send Agora's create body to create a missing room first; for anyone else a missing room is 404. A user kicked out with a ban still running is refused (403).
 *
 * **Who:** students, teachers and assistants of the room, and admins.
 */
export declare const joinRoom: <ThrowOnError extends boolean = false>(options: Options<JoinRoomData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<JoinRoomResponses, JoinRoomErrors, ThrowOnError, "fields">;
/**
 * List a classroom's recordings, 100 a page
 *
 * Pass `nextId` of one page to get the next; a null `nextId` marks the last page.
 *
 * **Who:** teachers and assistants of the room, and admins.
 */
export declare const listRecordings: <ThrowOnError extends boolean = false>(options: Options<ListRecordingsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ListRecordingsResponses, ListRecordingsErrors, ThrowOnError, "fields">;
/**
 * Start (1) or stop (0) recording
 *
 * Composite recording when `mode` is absent; web-page recording (MP4) with `mode: "web"`. In web mode without `webRecordConfig.url`, the gateway builds the URL when `Agora:WebRecording:ClassroomUrl` is configured; then `roomType` (0, 2 or 4) and optionally `language` (en, zh) are taken from the query.
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
 * Each resource with its conversion progress. Cached for every gateway instance: answers carry `X-Cache-Status: HIT` or `MISS`, and an upload or delete through the gateway makes the next read fresh.
 *
 * **Who:** members of the room (the room is in the caller's rooms claim, or the caller is an admin).
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
 * Kick a user out of the classroom, optionally keeping them out for a while
 *
 * An empty body is a plain kick; `{"dirty":{"state":1,"duration":600}}` keeps the user out for 600 s.
 *
 * **Who:** teachers of the room and admins.
 */
export declare const kickUser: <ThrowOnError extends boolean = false>(options: Options<KickUserData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KickUserResponses, KickUserErrors, ThrowOnError, "fields">;
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
 * 200 while the process runs; checks nothing else.
 */
export declare const liveness: <ThrowOnError extends boolean = false>(options?: Options<LivenessData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<LivenessResponses, LivenessErrors, ThrowOnError, "fields">;
/**
 * Readiness: the upstream and Redis answer
 *
 * 200 when every dependency answers, else 503 with the failing checks.
 */
export declare const readiness: <ThrowOnError extends boolean = false>(options?: Options<ReadinessData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ReadinessResponses, ReadinessErrors, ThrowOnError, "fields">;
