// A whole class through the generated client, against a sandbox gateway at GATEWAY_URL: every call typed by the document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AgoraEvent,
  getAttendance,
  type GetAttendanceData,
  type GetAttendanceErrors,
  issueDevToken,
  joinRoom,
  kickUser,
  listAudit,
  listEvents,
  listRecordings,
  listResources,
  mintRtmToken,
  passthroughPut,
  queryRoom,
  querySequences,
  setClassState,
  setRecordingState,
  streamRoomEvents,
  uploadResource,
} from '../../src/index.js';
import { createClient, createConfig } from '../../src/client/index.js';

const baseUrl = process.env.GATEWAY_URL ?? assert.fail('GATEWAY_URL is not set');

/** Every call but the live stream's is answered within 30 s or fails: a call left waiting would hold the test to its bound, unexplained. */
const bounded: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.any([(init?.signal ?? (input instanceof Request ? input.signal : undefined)) ?? new AbortController().signal, AbortSignal.timeout(30_000)]) });

/** Says on the test's output what it does next, so that a run that fails says where it stood. */
function step(what: string) {
  console.log(`# ${new Date().toISOString()} ${what}`);
}
const room = `class-${Date.now().toString(36)}`;
const anonymous = createClient(createConfig({ baseUrl, fetch: bounded }));

async function signIn(sub: string, role: 'student' | 'teacher' | 'admin') {
  const { data, error } = await issueDevToken({ client: anonymous, body: { sub, roles: [role], rooms: role === 'admin' ? [] : [room] } });
  assert.equal(error, undefined);
  return createClient(createConfig({ baseUrl, fetch: bounded, auth: data!.data.token }));
}

/** Waits, a generous while on a busy machine, until `found` holds. */
async function until<T>(what: string, found: () => Promise<T | undefined>): Promise<T> {
  step(`waiting for ${what}`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = await found();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return assert.fail(`timed out waiting for ${what}`);
}

test('a class runs through the generated client', async (t) => {
  step('signing in');
  const teacher = await signIn('teacher-1', 'teacher');
  const student = await signIn('student-1', 'student');
  const admin = await signIn('admin-1', 'admin');

  const rtm = await mintRtmToken({ client: student });
  assert.equal(rtm.data?.data.uid, 'student-1');

  step('joining');
  // The join creates the room for the teacher and gives each the classroom SDK's launch options.
  const teacherJoin = await joinRoom({ client: teacher, path: { roomUuid: room }, body: { roomName: 'Physics 101', roomType: 4 }, query: { language: 'en' } });
  assert.equal(teacherJoin.response.status, 200);
  const launch = teacherJoin.data!.data;
  assert.equal(launch.roomUuid, room);
  assert.equal(launch.roleType, 1);
  assert.equal(launch.token, launch.rtmToken);
  assert.equal(typeof launch.duration, 'number');
  const studentJoin = await joinRoom({ client: student, path: { roomUuid: room } });
  assert.equal(studentJoin.data?.data.roleType, 2);

  step('entering');
  // The student enters as the SDK does, with Agora's own call: the passthrough, whose {path} the client sends with encoded slashes.
  const entered = await passthroughPut({
    client: admin,
    path: { path: `apps/${launch.appId}/v2/rooms/${room}/users/student-1` },
    body: { userName: 'Student 1', role: 2 },
  });
  assert.equal(entered.response.status, 200, JSON.stringify(entered.error));

  step('opening the live stream');
  // The room's events, live, as the student sees them.
  const live: AgoraEvent[] = [];
  const names: string[] = [];
  const stop = new AbortController();
  // An open stream keeps Node running: a failed assertion must end it too, or the run waits for its bound, unexplained.
  t.after(() => stop.abort());
  const { stream } = await streamRoomEvents({
    client: student,
    path: { roomUuid: room },
    signal: stop.signal,
    fetch,
    onSseEvent: (event) => { if (event.event) names.push(event.event); },
    onSseError: (error) => step(`the live stream failed, and is opened again: ${error}`),
  });
  const reading = (async () => {
    try {
      for await (const event of stream) {
        if (typeof event === 'object' && event !== null) live.push(event);
      }
    } catch (e) {
      if (!stop.signal.aborted) throw e;
    }
  })();

  step('running the class');
  const started = await setClassState({ client: teacher, path: { roomUuid: room, state: 1 } });
  assert.equal(started.data?.code, 0);
  const refused = await setClassState({ client: student, path: { roomUuid: room, state: 2 } });
  assert.equal(refused.response.status, 403);
  assert.equal(refused.error?.status, 403);

  const first = await queryRoom({ client: student, path: { roomUuid: room } });
  assert.equal(first.data?.data.state, 1);
  assert.match(first.response.headers.get('X-Cache-Status') ?? '', /^(HIT|MISS)$/);

  const uploaded = await uploadResource({
    client: teacher,
    path: { roomUuid: room, resourceUuid: 'lesson-1' },
    body: { resourceName: 'Lesson 1', size: 1_048_576, ext: 'pptx', url: 'https://files.school.example/lesson-1.pptx', conversion: { type: 'dynamic' } },
  });
  assert.equal(uploaded.data?.code, 0, JSON.stringify(uploaded.error));
  const miss = await listResources({ client: student, path: { roomUuid: room } });
  assert.equal(miss.response.headers.get('X-Cache-Status'), 'MISS');
  // The upload's own event (cmd 1003), taken from Agora's queue, drops the list once more on every instance when it
  // comes: the read after it is a MISS again, the one after that a HIT.
  const hit = await until('a cached resource list', async () => {
    const read = await listResources({ client: student, path: { roomUuid: room } });
    return read.response.headers.get('X-Cache-Status') === 'HIT' ? read : undefined;
  });
  assert.deepEqual(hit.data?.data.map((r) => r.resourceUuid), ['lesson-1']);

  const recording = await setRecordingState({ client: teacher, path: { roomUuid: room, state: 1 }, body: {} });
  assert.equal(recording.data?.code, 0, JSON.stringify(recording.error));
  const stopped = await setRecordingState({ client: teacher, path: { roomUuid: room, state: 0 }, body: {} });
  assert.equal(stopped.data?.code, 0, JSON.stringify(stopped.error));
  const recordings = await listRecordings({ client: teacher, path: { roomUuid: room } });
  assert.ok((recordings.data?.data.list?.length ?? 0) >= 1);

  const kicked = await kickUser({ client: teacher, path: { roomUuid: room, userUuid: 'student-1' }, body: { dirty: { state: 1, duration: 60 } } });
  assert.equal(kicked.data?.code, 0, JSON.stringify(kicked.error));
  const ended = await setClassState({ client: teacher, path: { roomUuid: room, state: 2 } });
  assert.equal(ended.data?.code, 0);

  const sequences = await querySequences({ client: teacher, path: { roomUuid: room }, query: { cmd: 1 } });
  assert.deepEqual(sequences.data?.data.list?.map((e) => (e.data as { state: number }).state), [1, 2]);

  // What the poller took from Agora's queue reaches the live stream (event name = cmd) and the admins' log.
  await until('the class state and resources on the live stream', async () =>
    live.some((e) => e.cmd === 1) && live.some((e) => e.cmd === 1003) ? true : undefined);
  assert.ok(live.every((e) => e.roomUuid === room));
  assert.ok(names.includes('ping') && names.includes('1') && names.includes('1003'), names.join(','));
  const logged = await until('the events in the log', async () => {
    const page = await listEvents({ client: admin, query: { limit: 1000 } });
    const ours = page.data?.data.list.filter((e) => e.roomUuid === room) ?? [];
    return ours.some((e) => e.cmd === 1) ? ours : undefined;
  });
  assert.ok(logged.some((e) => e.cmd === 1003));
  step('closing the live stream');
  stop.abort();
  await reading;

  const audit = await until('the audit entries', async () => {
    const page = await listAudit({ client: admin, query: { roomUuid: room, limit: 100 } });
    const actions = page.data?.data.list.map((e) => e.action) ?? [];
    return actions.includes('KickUser') ? actions : undefined;
  });
  for (const action of ['SetClassState', 'UploadResource', 'SetRecordingState', 'KickUser']) {
    assert.ok(audit.includes(action), `${action} is not audited: ${audit.join(',')}`);
  }

  // Who attended, as JSON through the typed call, once the log holds the kick.
  const kickedOut = await until('the kicked student in the attendance', async () => {
    const sheet = await getAttendance({ client: teacher, path: { roomUuid: room } });
    return sheet.data?.data.list.find((u) => u.userUuid === 'student-1' && u.kicked);
  });
  assert.ok(kickedOut.intervals.length >= 1 && kickedOut.intervals.every((stay) => stay.left !== null), JSON.stringify(kickedOut));
  // The same as CSV: the generator types one media type per status, the JSON one, so the text is asked of the client's
  // own call of the operation's url, typed as the string it is.
  const csv = await teacher.get<{ 200: string }, GetAttendanceErrors>({
    url: '/api/v1/rooms/{roomUuid}/attendance' satisfies GetAttendanceData['url'],
    path: { roomUuid: room } satisfies GetAttendanceData['path'],
    security: [{ scheme: 'bearer', type: 'http' }],
    headers: { Accept: 'text/csv' },
    parseAs: 'text',
  });
  assert.equal(csv.response.headers.get('Content-Type'), 'text/csv; charset=utf-8');
  const [header, ...rows] = csv.data!.trimEnd().split('\r\n');
  assert.equal(header, 'userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked');
  assert.ok(rows.some((row) => row.startsWith('student-1,') && row.endsWith(',true')), csv.data);
});
