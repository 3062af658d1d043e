// expect: TS2322: Type 'null' is not assignable to type 'string'
import { createRoom } from '../../src/index.js';

await createRoom({ path: { roomUuid: 'room-1' }, body: { roomName: null, roomType: 4 } });
