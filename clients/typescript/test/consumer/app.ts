// A school's own project with the client installed from its package: the operations the class test does not make, each
// typed by the installed declarations, run against a sandbox gateway at GATEWAY_URL. Prints one line per operation.
import {
  createRoom, deleteResources, deleteRoomProperties, deleteUserProperties, deleteWidget, deleteWidgetProperties,
  deleteWidgetUserProperties, getAttendance, issueDevToken, issueStreamTicket, liveness, passthroughDelete, passthroughGet,
  passthroughPatch, passthroughPost, passthroughPut, queryPollSequences, queryQuizSequences, queryUser, queryWidgetSequences, readiness, reportRecordingReady,
  setBreakoutGroups, setRecordingState, setRoomProperties, setUserProperties, setWidget, setWidgetUserProperties,
  updateRecording, uploadResource, type CreateRoomRequest,
} from '@classroom-gateway/client';
import { createClient, createConfig, type Client } from '@classroom-gateway/client/client';

declare const process: { env: Record<string, string | undefined>; exitCode: number };

const baseUrl = process.env.GATEWAY_URL!;
const room = `consumer-${Date.now().toString(36)}`;
const anonymous = createClient(createConfig({ baseUrl }));

async function signIn(sub: string, role: 'teacher' | 'admin'): Promise<Client> {
  const issued = await issueDevToken({ client: anonymous, body: { sub, roles: [role], rooms: role === 'admin' ? [] : [room] }, throwOnError: true });
  return createClient(createConfig({ baseUrl, auth: issued.data.data.token }));
}

const results: Array<[string, number]> = [];
async function call(name: string, made: Promise<{ response: Response }>) {
  const { response } = await made;
  results.push([name, response.status]);
}

const teacher = await signIn('teacher-1', 'teacher');
const admin = await signIn('admin-1', 'admin');

// @ts-expect-error a room type is one of the documented numbers, never text
const refused: CreateRoomRequest = { roomName: 'Physics', roomType: 'small' };
void refused;
const physics: CreateRoomRequest = { roomName: 'Physics', roomType: 4 };

await call('liveness', liveness({ client: anonymous }));
await call('readiness', readiness({ client: anonymous }));
await call('createRoom', createRoom({ client: teacher, path: { roomUuid: room }, body: physics }));
await call('setRoomProperties', setRoomProperties({ client: teacher, path: { roomUuid: room }, body: { properties: { topic: 'optics' } } }));
await call('deleteRoomProperties', deleteRoomProperties({ client: teacher, path: { roomUuid: room }, body: { properties: ['topic'] } }));
const app = `apps/${process.env.AGORA_APP_ID}`;
await call('passthroughPost', passthroughPost({ client: admin, path: { path: `${app}/v2/rooms/${room}-2` }, body: { roomName: 'Chemistry', roomType: 4 } }));
await call('passthroughPut', passthroughPut({ client: admin, path: { path: `${app}/v2/rooms/${room}/users/student-1` }, body: { userName: 'Student 1', role: 2 } }));
// A read's query goes on as written: only the user's entry (cmd 20) of a room whose properties also changed (cmd 5).
await call('passthroughGet', passthroughGet({ client: admin, path: { path: `${app}/v2/rooms/${room}/sequences` }, query: { params: { cmd: '20' } } })
  .then(({ data, response }) => {
    const list = (data?.data as { list?: Array<{ cmd: number }> } | undefined)?.list ?? [];
    return { response: list.length > 0 && list.every((e) => e.cmd === 20) ? response : new Response(null, { status: 599 }) };
  }));
await call('queryUser', queryUser({ client: teacher, path: { roomUuid: room, userUuid: 'student-1' } }));
await call('setUserProperties', setUserProperties({ client: teacher, path: { roomUuid: room, userUuid: 'student-1' }, body: { properties: { seat: 4 } } }));
await call('deleteUserProperties', deleteUserProperties({ client: teacher, path: { roomUuid: room, userUuid: 'student-1' }, body: { properties: ['seat'] } }));
await call('setBreakoutGroups', setBreakoutGroups({ client: teacher, path: { roomUuid: room, state: 1 }, body: { groups: [{ groupName: 'A', users: [{ userUuid: 'student-1' }] }] } }));
await call('setWidget', setWidget({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown' }, body: { state: 1, extra: { seconds: 60 } } }));
await call('setWidgetUserProperties', setWidgetUserProperties({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown', userUuid: 'student-1' }, body: { extra: { done: true } } }));
await call('deleteWidgetUserProperties', deleteWidgetUserProperties({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown', userUuid: 'student-1' }, body: { extra: ['done'] } }));
await call('deleteWidgetProperties', deleteWidgetProperties({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown' }, body: { extra: ['seconds'] } }));
await call('queryWidgetSequences', queryWidgetSequences({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown' }, query: { count: 10 } }));
await call('deleteWidget', deleteWidget({ client: teacher, path: { roomUuid: room, widgetUuid: 'countdown' }, body: {} }));
await call('queryPollSequences', queryPollSequences({ client: teacher, path: { roomUuid: room }, query: { count: 10 } }));
await call('queryQuizSequences', queryQuizSequences({ client: teacher, path: { roomUuid: room }, query: { count: 10 } }));
await call('uploadResource', uploadResource({ client: teacher, path: { roomUuid: room, resourceUuid: 'slides-1' }, body: { resourceName: 'Slides', ext: 'pdf', size: 1024, url: 'https://files.school.example/slides-1.pdf' } }));
await call('deleteResources', deleteResources({ client: teacher, path: { roomUuid: room }, body: { resourceUuid: ['slides-1'] } }));
await call('setRecordingState', setRecordingState({ client: teacher, path: { roomUuid: room, state: 1 }, body: { mode: 'web', webRecordConfig: { url: 'https://school.example/record', rootUrl: 'https://school.example' } } }));
await call('updateRecording', updateRecording({ client: teacher, path: { roomUuid: room, state: 1 }, body: { webRecordConfig: { onhold: false, url: 'https://school.example/record?layout=grid', rootUrl: 'https://school.example' } } }));
await call('passthroughPatch', passthroughPatch({ client: admin, path: { path: `${app}/v2/rooms/${room}/records/states/1` }, body: { webRecordConfig: { onhold: true } } }));
await call('reportRecordingReady', reportRecordingReady({ client: admin, path: { roomUuid: room } }));
await call('getAttendance', getAttendance({ client: teacher, path: { roomUuid: room } }));
await call('issueStreamTicket', issueStreamTicket({ client: teacher, path: { roomUuid: room } }));
await call('passthroughDelete', passthroughDelete({ client: admin, path: { path: `${app}/v1/rooms/${room}/resources` }, body: { resourceUuid: ['slides-2'] } }));

for (const [name, status] of results) console.log(`${name} ${status}`);
