// expect: TS2322: Type '3' is not assignable to type '0 | 2 | 4 | 10'
import { createRoom } from '../../src/index.js';

await createRoom({ path: { roomUuid: 'room-1' }, body: { roomName: 'Physics 101', roomType: 3 } });
