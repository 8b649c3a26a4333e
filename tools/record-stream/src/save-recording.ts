import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Recording } from './types.js';

/**
 * Writes a recording as gzip JSON (whatever the file's name), atomically: a temp file beside it,
 * then a rename, so a reader never sees half a file. Creates the folder if needed.
 */
export async function saveRecording(recording: Recording, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  // Level 9 and no timestamp in the gzip header: the same recording gives the same bytes.
  await writeFile(temp, gzipSync(JSON.stringify(recording), { level: 9 }));
  await rename(temp, path);
}
