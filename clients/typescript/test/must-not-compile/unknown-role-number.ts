// expect: TS2353: Object literal may only specify known properties, and '5' does not exist
import { createRoom } from '../../src/index.js';

await createRoom({ path: { roomUuid: 'room-1' }, body: { roomName: 'Physics 101', roomType: 10, roleConfig: { 5: { limit: 1 } } } });
