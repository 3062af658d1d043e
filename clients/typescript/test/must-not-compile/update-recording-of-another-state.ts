// expect: TS2322: Type '0' is not assignable to type '1'
import { updateRecording } from '../../src/index.js';

await updateRecording({ path: { roomUuid: 'room-1', state: 0 }, body: { webRecordConfig: { onhold: true } } });
