import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { validateRecording } from './_internals/validate-recording.js';
import { RecordingFormatError } from './errors/recording-format-error.js';
import type { Recording } from './types.js';

/**
 * Reads a recording written by `saveRecording` (gzip JSON; plain JSON is accepted too) and checks
 * its shape. Rejects with `RecordingFormatError` naming the first bad field.
 */
export async function loadRecording(path: string): Promise<Recording> {
  const bytes = await readFile(path);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  let value: unknown;
  try {
    value = JSON.parse((gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (err) {
    throw new RecordingFormatError(path, '$', `not gzip JSON: ${(err as Error).message}`, err);
  }
  return validateRecording(value, path);
}
