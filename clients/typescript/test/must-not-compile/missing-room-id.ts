// expect: TS2741: Property 'roomUuid' is missing
import { setClassState } from '../../src/index.js';

await setClassState({ path: { state: 1 } });
