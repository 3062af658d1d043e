// The teacher console: every call goes through the client generated from the gateway's OpenAPI document.
import {
  getAttendance, issueDevToken, issueStreamTicket, joinRoom, kickUser, listResources, setClassState, uploadResource,
} from './client/index.js';
import { createClient, createConfig } from './client/client/index.js';

const baseUrl = window.location.origin;
const anonymous = createClient(createConfig({ baseUrl }));
let signedIn = null; // { client, room }
let watching = null; // the EventSource of the live stream
let watches = 0; // how many times watching began: only the latest may open a stream
let signIns = 0; // how many sign-ins were asked for: only the latest may sign in
let lastEventId = null; // the id of the last event shown, to resume after it
let shownRoom = null; // the room whose launch options, resources and events are shown, kept over a sign-out

const $ = (id) => document.getElementById(id);

// Text from users (names, properties, Agora's problems) with its bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) written as \u escapes, as JSON may write them: drawn, one left open in a name would
// reorder the console's own text after it, to the end of the line.
const shown = (text) => (text ?? '').replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

// A call without an answer (the gateway could not be reached) has an error but no response; an answer that is no
// problem (a proxy's error page) has its text for an error, which stands for nothing the teacher should read: its status
// text is shown instead. A refused form names each field and why (the page's fields count characters, the gateway counts
// bytes), or the teacher is left to guess.
function problem(answer) {
  const error = answer.error;
  const status = `${answer.response?.status ?? 'No answer'} ${error?.title ?? answer.response?.statusText ?? ''}`.trim();
  const detail = error?.detail ?? error?.msg ?? error?.message;
  const refused = Object.entries(error?.errors ?? {}).map(([field, messages]) => ` ${field}: ${[messages].flat().join(' ')}`).join(';');
  $('problem').textContent = error ? shown(`${status}${detail ? `: ${detail}` : ''}${refused}`) : '';
  return !error;
}

// Worth asking again: no answer, or one that says to come back.
const passing = (answer) => answer.response === undefined || answer.response.status === 429 || answer.response.status >= 500;

// How many seconds to wait before asking again: the answer's Retry-After when it says to wait longer than the console's
// own pace, which an answer refused for too many requests would otherwise repeat until the limit let one through.
function waitBeforeAskingAgain(answer, seconds) {
  const retryAfter = Number(answer.response?.headers.get('Retry-After') ?? Number.NaN);
  return Number.isFinite(retryAfter) && retryAfter > seconds ? retryAfter : seconds;
}

// What the room's forms call with: nothing before a sign-in, which the page then asks for.
function session() {
  if (signedIn === null) $('problem').textContent = 'Sign in first.';
  return signedIn;
}

function fields(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// Another room's sign-in shows nothing of the last room's: its launch options, class state, resources or events read
// beside the new room's name as that room's.
async function signIn(token, room) {
  if (shownRoom !== room) {
    shownRoom = room;
    lastEventId = null;
    for (const list of ['resource-list', 'event-list']) $(list).replaceChildren();
    for (const text of ['launch', 'class-state', 'cache-status', 'kick-status']) $(text).textContent = '';
  }
  const client = createClient(createConfig({ baseUrl, auth: token }));
  const session = { client, room };
  // A token the gateway refuses (expired, or never good) signs nobody in: the forms then ask for a sign-in rather than
  // call with it again. A 401 come late to an earlier sign-in's token changes nothing.
  client.interceptors.response.use((response) => {
    if (response.status === 401 && signedIn === session) signOut();
    return response;
  });
  signedIn = session;
  $('signed-in').textContent = `Signed in for room ${room}.`;
  watch(room);
}

function signOut() {
  signedIn = null;
  watching?.close();
  watching = null;
  $('signed-in').textContent = 'Signed out: the gateway refused the token. Sign in again.';
  $('stream-status').textContent = 'Not watching.';
}

// The room's events as Server-Sent Events through the browser's own EventSource. It cannot send Authorization, so each
// connection opens with a single-use ticket asked for with the JWT; EventSource's own retry would reuse a spent ticket,
// so when a connection fails the console asks for a new one and resumes after the last event it showed.
// Each event is named by its cmd, and EventSource delivers only the names it listens to: the cmds the document lists.
const COMMANDS = [1, 3, 5, 20, 23, 1001, 1003, 1101, 1110, 1501, 1502];

// The latest events a class brings, not all of them: a page left open over a long class would hold every one.
const SHOWN_EVENTS = 200;

function append(item) {
  const list = $('event-list');
  list.append(item);
  while (list.childElementCount > SHOWN_EVENTS) list.firstElementChild.remove();
}

function show(message) {
  lastEventId = message.lastEventId || lastEventId;
  const event = JSON.parse(message.data);
  const item = document.createElement('li');
  item.dataset.cmd = String(event.cmd);
  item.textContent = shown(`#${event.sequence} cmd ${event.cmd} ${JSON.stringify(event.data)}`);
  append(item);
}

// The log no longer holds events that came since the last one shown (its retention trimmed them, or it was lost): the
// list has a gap the teacher is told of, and what the console shows of the room is read again.
function missed() {
  const item = document.createElement('li');
  item.dataset.cmd = 'missed';
  item.textContent = 'Events were missed here: the log no longer holds them. The resources are read again.';
  append(item);
  if (signedIn !== null) $('list-resources').click();
}

async function watch(room) {
  const turn = ++watches;
  watching?.close();
  watching = null;
  const answer = await issueStreamTicket({ client: signedIn.client, path: { roomUuid: room } });
  // A sign-in or reconnection since asked for a ticket of its own: this answer, come late, opens nothing.
  if (turn !== watches) return;
  if (!problem(answer)) {
    if (!passing(answer)) {
      $('stream-status').textContent = 'The stream could not be opened.';
      return;
    }
    const seconds = waitBeforeAskingAgain(answer, 2);
    $('stream-status').textContent = answer.response === undefined
      ? 'The gateway cannot be reached; reconnecting…'
      : `The gateway answered ${answer.response.status}; reconnecting in ${seconds} s…`;
    setTimeout(() => { if (turn === watches && signedIn?.room === room) watch(room); }, seconds * 1000);
    return;
  }
  const query = new URLSearchParams({ ticket: answer.data.data.ticket });
  if (lastEventId) query.set('lastEventId', lastEventId);
  const source = new EventSource(`${baseUrl}/api/v1/rooms/${encodeURIComponent(room)}/events/stream?${query}`);
  watching = source;
  source.addEventListener('ping', () => { $('stream-status').textContent = `Watching ${room}.`; });
  for (const cmd of COMMANDS) source.addEventListener(String(cmd), show);
  source.addEventListener('missed', missed);
  source.addEventListener('error', () => {
    if (watching !== source) return;
    source.close();
    $('stream-status').textContent = 'The stream stopped; reconnecting…';
    setTimeout(() => { if (watching === source && signedIn?.room === room) watch(room); }, 1000);
  });
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const turn = ++signIns;
  const { sub, role, room } = fields(e.target);
  const answer = await issueDevToken({ client: anonymous, body: { sub, roles: [role], rooms: [room] } });
  // A sign-in asked for since: this token, come late, signs in for nothing.
  if (turn !== signIns) return;
  if (problem(answer)) await signIn(answer.data.data.token, room);
});

$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  ++signIns;
  await signIn(fields(e.target).token, fields($('sign-in-form')).room);
});

$('join-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { roomName, roomType } = fields(e.target);
  if (!session()) return;
  const answer = await joinRoom({
    client: signedIn.client, path: { roomUuid: signedIn.room }, body: { roomName, roomType: Number(roomType) },
  });
  if (problem(answer)) $('launch').textContent = shown(JSON.stringify(answer.data.data, null, 2));
});

for (const [button, state, text] of [['start-class', 1, 'Class started.'], ['end-class', 2, 'Class ended.']]) {
  $(button).addEventListener('click', async () => {
    if (!session()) return;
    const answer = await setClassState({ client: signedIn.client, path: { roomUuid: signedIn.room, state } });
    if (problem(answer)) $('class-state').textContent = text;
  });
}

// The room's attendance as the CSV a spreadsheet opens, saved by the browser as a file.
$('download-attendance').addEventListener('click', async () => {
  if (!session()) return;
  const { client, room } = signedIn;
  const answer = await getAttendance({ client, path: { roomUuid: room }, headers: { Accept: 'text/csv' }, parseAs: 'blob' });
  if (!problem(answer)) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(answer.data);
  link.download = `attendance-${room}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});

$('upload-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { resourceUuid, resourceName, ext, url, size } = fields(e.target);
  if (!session()) return;
  const answer = await uploadResource({
    client: signedIn.client, path: { roomUuid: signedIn.room, resourceUuid }, body: { resourceName, ext, url, size: Number(size) },
  });
  if (problem(answer)) $('list-resources').click();
});

$('list-resources').addEventListener('click', async () => {
  if (!session()) return;
  const answer = await listResources({ client: signedIn.client, path: { roomUuid: signedIn.room } });
  if (!problem(answer)) return;
  $('cache-status').textContent = `X-Cache-Status: ${answer.response.headers.get('X-Cache-Status')}`;
  $('resource-list').replaceChildren(...answer.data.data.map((resource) => {
    const item = document.createElement('li');
    item.textContent = shown(`${resource.resourceUuid}: ${resource.resourceName ?? ''} (${resource.ext})`);
    return item;
  }));
});

$('kick-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { userUuid, duration } = fields(e.target);
  if (!session()) return;
  // An empty field keeps the user out for good, as a kick without a duration does: Number('') is 0, a ban of no time.
  const dirty = duration === '' ? { state: 1 } : { state: 1, duration: Number(duration) };
  const answer = await kickUser({ client: signedIn.client, path: { roomUuid: signedIn.room, userUuid }, body: { dirty } });
  if (problem(answer)) $('kick-status').textContent = shown(`${userUuid} kicked.`);
});
