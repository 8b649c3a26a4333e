import { existsSync } from 'node:fs';

const root = new URL('../../../../', import.meta.url);

/** A trip fixture under fixtures/trips: `small` (425 trips), `medium` (10k), `large` (46k). */
export const fixturePath = (name: 'small' | 'medium' | 'large'): string =>
  new URL(`fixtures/trips/${name}.jsonl.gz`, root).pathname;

export const REPLAY_BIN = new URL('apps/replay/bin/replay.mjs', root).pathname;
export const PROCESSOR_BIN = new URL('apps/processor/bin/processor.mjs', root).pathname;

/** The bins import ../dist: fail with the command to run rather than with a module error. */
export function assertAppsBuilt(): void {
  for (const app of ['replay', 'processor']) {
    if (!existsSync(new URL(`apps/${app}/dist/main.js`, root))) {
      throw new Error(
        `apps/${app} is not built: run \`npx nx run ${app}:build\` (npm test builds first)`,
      );
    }
  }
}
