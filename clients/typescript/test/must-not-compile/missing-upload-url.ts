// expect: TS2741: Property 'url' is missing
import { uploadResource } from '../../src/index.js';

await uploadResource({ path: { roomUuid: 'room-1', resourceUuid: 'lesson-1' }, body: { resourceName: 'Lesson 1', size: 1, ext: 'pdf' } });
