// expect: TS2322: Type 'string' is not assignable to type '0 | 2 | 1'
import { setClassState } from '../../src/index.js';

await setClassState({ path: { roomUuid: 'room-1', state: '1' } });
