// expect: TS2322: Type 'string' is not assignable to type 'number'
import { listEvents } from '../../src/index.js';

await listEvents({ query: { limit: '100' } });
