import type {} from './context.js';
import type { TestProject } from 'vitest/node';
import { startStack, type Service, type StackEndpoints } from '../stack.js';

const ENV: Record<Service, string> = {
  kinesis: 'TRIPSTREAM_KINESIS_ENDPOINT',
  dynamodb: 'TRIPSTREAM_DYNAMODB_ENDPOINT',
  s3: 'TRIPSTREAM_S3_ENDPOINT',
  opensearch: 'TRIPSTREAM_OPENSEARCH_ENDPOINT',
};

/**
 * Builds a vitest globalSetup that starts `services` once for the test project and stops them
 * after it. A service whose endpoint is already in the environment (e.g. from `npm run stack`)
 * is reused instead of started.
 */
export function stackSetup(services: readonly Service[]) {
  return async function setup(project: TestProject) {
    const endpoints: StackEndpoints = {};
    const missing = services.filter((s) => {
      const existing = process.env[ENV[s]];
      if (existing) endpoints[s] = existing;
      return !existing;
    });
    const stack = await startStack({ services: missing });
    Object.assign(endpoints, stack.endpoints);
    project.provide('stack', endpoints);
    return async () => {
      await stack.stop();
    };
  };
}
