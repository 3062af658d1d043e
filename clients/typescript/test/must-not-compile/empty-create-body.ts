// expect: TS2739: Type '{}' is missing the following properties from type 'CreateRoomRequest': roomName, roomType
import { createRoom } from '../../src/index.js';

await createRoom({ path: { roomUuid: 'room-1' }, body: {} });
