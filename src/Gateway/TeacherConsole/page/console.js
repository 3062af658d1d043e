// The teacher console: every call goes through the client generated from the gateway's OpenAPI document.
import {
  issueDevToken, joinRoom, kickUser, listResources, setClassState, streamRoomEvents, uploadResource,
} from './client/index.js';
import { createClient, createConfig } from './client/client/index.js';

const baseUrl = window.location.origin;
const anonymous = createClient(createConfig({ baseUrl }));
let signedIn = null; // { client, room }
let watching = null; // the AbortController of the live stream

const $ = (id) => document.getElementById(id);

function problem(answer) {
  const error = answer.error;
  $('problem').textContent = error ? `${answer.response.status} ${error.title ?? ''}: ${error.detail ?? error.msg ?? ''}` : '';
  return !error;
}

function fields(form) {
  return Object.fromEntries(new FormData(form).entries());
}

async function signIn(token, room) {
  signedIn = { client: createClient(createConfig({ baseUrl, auth: token })), room };
  $('signed-in').textContent = `Signed in for room ${room}.`;
  watch(room);
}

// The room's events as Server-Sent Events, read with fetch so that the JWT travels in Authorization.
async function watch(room) {
  watching?.abort();
  watching = new AbortController();
  $('event-list').replaceChildren();
  const { stream } = await streamRoomEvents({
    client: signedIn.client,
    path: { roomUuid: room },
    signal: watching.signal,
    onSseEvent: (event) => { if (event.event === 'ping') $('stream-status').textContent = `Watching ${room}.`; },
  });
  try {
    for await (const event of stream) {
      if (typeof event !== 'object' || event === null) continue; // a ping carries no data
      const item = document.createElement('li');
      item.dataset.cmd = String(event.cmd);
      item.textContent = `#${event.sequence} cmd ${event.cmd} ${JSON.stringify(event.data)}`;
      $('event-list').append(item);
    }
  } catch (e) {
    if (!watching.signal.aborted) $('stream-status').textContent = `The stream stopped: ${e.message}`;
  }
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { sub, role, room } = fields(e.target);
  const answer = await issueDevToken({ client: anonymous, body: { sub, roles: [role], rooms: [room] } });
  if (problem(answer)) await signIn(answer.data.data.token, room);
});

$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await signIn(fields(e.target).token, fields($('sign-in-form')).room);
});

$('join-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { roomName, roomType } = fields(e.target);
  const answer = await joinRoom({
    client: signedIn.client, path: { roomUuid: signedIn.room }, body: { roomName, roomType: Number(roomType) },
  });
  if (problem(answer)) $('launch').textContent = JSON.stringify(answer.data.data, null, 2);
});

for (const [button, state, text] of [['start-class', 1, 'Class started.'], ['end-class', 2, 'Class ended.']]) {
  $(button).addEventListener('click', async () => {
    const answer = await setClassState({ client: signedIn.client, path: { roomUuid: signedIn.room, state } });
    if (problem(answer)) $('class-state').textContent = text;
  });
}

$('upload-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { resourceUuid, resourceName, ext, url, size } = fields(e.target);
  const answer = await uploadResource({
    client: signedIn.client, path: { roomUuid: signedIn.room, resourceUuid }, body: { resourceName, ext, url, size: Number(size) },
  });
  if (problem(answer)) $('list-resources').click();
});

$('list-resources').addEventListener('click', async () => {
  const answer = await listResources({ client: signedIn.client, path: { roomUuid: signedIn.room } });
  if (!problem(answer)) return;
  $('cache-status').textContent = `X-Cache-Status: ${answer.response.headers.get('X-Cache-Status')}`;
  $('resource-list').replaceChildren(...answer.data.data.map((resource) => {
    const item = document.createElement('li');
    item.textContent = `${resource.resourceUuid}: ${resource.resourceName ?? ''} (${resource.ext})`;
    return item;
  }));
});

$('kick-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { userUuid, duration } = fields(e.target);
  const answer = await kickUser({
    client: signedIn.client, path: { roomUuid: signedIn.room, userUuid }, body: { dirty: { state: 1, duration: Number(duration) } },
  });
  if (problem(answer)) $('kick-status').textContent = `${userUuid} kicked.`;
});
