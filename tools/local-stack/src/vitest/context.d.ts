import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoints of the local stack servers this project's globalSetup started (see tools/local-stack). */
    stack: { kinesis?: string; dynamodb?: string; s3?: string; opensearch?: string };
  }
}
