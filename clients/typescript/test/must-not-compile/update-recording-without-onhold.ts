// expect: TS2322: Type '{ url: string; }' is not assignable to type 'WebRecordConfig & { onhold: boolean; }'
import { updateRecording } from '../../src/index.js';

await updateRecording({ path: { roomUuid: 'room-1', state: 1 }, body: { webRecordConfig: { url: 'https://school.example/record' } } });
