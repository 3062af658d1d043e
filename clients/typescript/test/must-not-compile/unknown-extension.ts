// expect: TS2322: Type '"exe"' is not assignable to type
import { uploadResource } from '../../src/index.js';

await uploadResource({
  path: { roomUuid: 'room-1', resourceUuid: 'lesson-1' },
  body: { resourceName: 'Lesson 1', size: 1, ext: 'exe', url: 'https://files.school.example/lesson-1.exe' },
});
