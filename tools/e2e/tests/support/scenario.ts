import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];

/**
 * Names for one scenario's stream, index prefix and scratch folder. A run id keeps them apart
 * from earlier runs on a long-lived stack (`npm run stack`), where the old stream still exists.
 */
export async function scenarioNames(
  slug: string,
): Promise<{ stream: string; prefix: string; dir: string }> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const dir = await mkdtemp(join(tmpdir(), `e2e-${slug}-`));
  dirs.push(dir);
  return { stream: `e2e-${slug}-${run}`, prefix: `e2e-${slug}-${run}-`, dir };
}

/** Removes the scratch folders (summaries, dead letters, checkpoints) of this file's scenarios. */
export async function removeScenarioDirs(): Promise<void> {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}
