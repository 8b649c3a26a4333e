import { describeReadmeExamples } from '@tripstream/test-support/readme-examples';

// The README's examples are the files in examples/, verbatim but for the import path; each file
// checks its own output with node:assert, so importing it runs and verifies it.
describeReadmeExamples(new URL('../', import.meta.url), '@tripstream/rx-event-time');
