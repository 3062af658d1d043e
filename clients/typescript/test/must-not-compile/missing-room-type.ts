// expect: TS2741: Property 'roomType' is missing
import { createRoom } from '../../src/index.js';

await createRoom({ path: { roomUuid: 'room-1' }, body: { roomName: 'Physics 101' } });
