import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readDecompressed } from '@tripstream/support';
import * as lz4 from 'lz4js';

/** One object of the replay input: a file or an S3 object, decompressed. */
export interface InputPart {
  /** Where it came from (path or s3://bucket/key), for error reports. */
  name: string;
  /** Its decompressed bytes. */
  body: AsyncIterable<Uint8Array>;
}

const DATA_FILE = /\.(jsonl|ndjson|json)(\.gz|\.lz4)?$|\.gz$|\.lz4$/;
const LZ4_MAGIC = [0x04, 0x22, 0x4d, 0x18];

/** The input named by `--input`: a file, a folder (its data files in name order), or `s3://bucket/prefix`. */
export async function* openInput(spec: string, s3?: S3Client): AsyncGenerator<InputPart> {
  if (spec.startsWith('s3://')) {
    if (!s3) throw new Error(`--input ${spec}: an S3 input needs an S3 client`);
    yield* openS3(spec, s3);
    return;
  }
  const info = await stat(spec).catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      `--input ${spec}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}`,
    );
  });
  if (info.isDirectory()) {
    const names = (await readdir(spec)).filter((n) => DATA_FILE.test(n)).sort();
    if (names.length === 0)
      throw new Error(`--input ${spec}: the folder holds no .jsonl, .jsonl.gz or .lz4 file`);
    for (const n of names)
      yield { name: join(spec, n), body: decompress(createReadStream(join(spec, n))) };
  } else {
    yield { name: spec, body: decompress(createReadStream(spec)) };
  }
}

async function* openS3(spec: string, s3: S3Client): AsyncGenerator<InputPart> {
  const url = new URL(spec);
  const Bucket = url.hostname;
  const Prefix = decodeURIComponent(url.pathname.replace(/^\//, ''));
  let ContinuationToken: string | undefined;
  let found = 0;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
    // ListObjectsV2 returns keys in UTF-8 binary order, page after page: the replay order.
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/')) continue;
      found++;
      const Key = object.Key;
      yield {
        name: `s3://${Bucket}/${Key}`,
        body: (async function* () {
          const res = await s3.send(new GetObjectCommand({ Bucket, Key }));
          yield* decompress(res.Body as Readable);
        })(),
      };
    }
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  if (found === 0) throw new Error(`--input ${spec}: no object under that prefix`);
}

/**
 * Decompresses by magic bytes: LZ4 frame (whole object, here), else gzip or plain through the
 * shared reader of `@tripstream/support` (streaming, the same detection as `decodeLines`).
 */
export async function* decompress(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value as Uint8Array;
  const rest = (async function* () {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next())
      yield r.value as Uint8Array;
  })();
  if (startsWith(head, LZ4_MAGIC)) {
    const chunks: Uint8Array[] = [];
    for await (const c of rest) chunks.push(c);
    yield Uint8Array.from(lz4.decompress(Buffer.concat(chunks)));
  } else {
    yield* await readDecompressed(rest);
  }
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
