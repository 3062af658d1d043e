// The live stream through the generated client when its JWT expires, against a sandbox gateway at GATEWAY_URL: the
// gateway ends the stream at the JWT's exp, and the reader ends with it rather than reconnecting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamRoomEvents } from '../../src/index.js';
import { createClient, createConfig } from '../../src/client/index.js';

const baseUrl = process.env.GATEWAY_URL ?? assert.fail('GATEWAY_URL is not set');
const jwt = process.env.SHORT_LIVED_JWT ?? assert.fail('SHORT_LIVED_JWT is not set');
const room = process.env.ROOM ?? assert.fail('ROOM is not set');

test('the live stream ends with its JWT, and the reader stops there', async (t) => {
  const student = createClient(createConfig({ baseUrl, auth: jwt }));
  const failures: unknown[] = [];
  const names: string[] = [];
  // A reader that reconnected would run on: the bound ends it, and the test fails on the failures it heard or on its time.
  const bound = AbortSignal.timeout(120_000);
  const { stream } = await streamRoomEvents({
    client: student,
    path: { roomUuid: room },
    signal: bound,
    fetch,
    onSseEvent: (event) => { if (event.event) names.push(event.event); },
    onSseError: (error) => { failures.push(error); },
  });

  for await (const _ of stream) {
    // The stream carries only pings here: no event happens in the room.
  }

  assert.deepEqual(failures.map(String), [], 'the reader failed and reconnected');
  assert.equal(bound.aborted, false, 'the stream ended before the bound, by the gateway');
  assert.ok(names.includes('ping'), `the stream was open and answered (${names.join(', ')})`);
  t.diagnostic(`events heard: ${names.join(', ')}`);
});
