import { describeReadmeExamples } from '@tripstream/test-support/readme-examples';

// The README's examples are the files in examples/, verbatim but for the import path.
describeReadmeExamples(new URL('../', import.meta.url), '@tripstream/debs2015');
