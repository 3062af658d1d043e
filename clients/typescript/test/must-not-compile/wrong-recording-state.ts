// expect: TS2322: Type '2' is not assignable to type '0 | 1'
import { setRecordingState } from '../../src/index.js';

await setRecordingState({ path: { roomUuid: 'room-1', state: 2 }, body: {} });
