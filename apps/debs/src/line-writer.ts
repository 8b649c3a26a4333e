import { once } from 'node:events';

/** The part of a Node writable stream {@link LineWriter} uses. */
export interface Writable {
  /** `false` asks the writer to wait for `drain` (Node's backpressure signal). */
  write(chunk: string): unknown;
  end?(callback?: () => void): unknown;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Output buffered into chunks of about this many characters. */
const CHUNK = 64 * 1024;

/**
 * Collects lines into large chunks (one `write` per line would cost more than the queries) and
 * honours backpressure at batch boundaries.
 * @internal
 */
export class LineWriter {
  private buffer = '';
  private blocked = false;

  constructor(private readonly out: Writable) {}

  write(line: string): void {
    this.buffer += line;
    if (this.buffer.length >= CHUNK) this.flush();
  }

  /** Flushes and waits until the stream wants more. */
  async drain(): Promise<void> {
    this.flush();
    if (this.blocked && this.out.once) {
      await once(this.out as unknown as NodeJS.EventEmitter, 'drain');
    }
    this.blocked = false;
  }

  /** Flushes; ends the stream unless it is stdout. */
  async end(): Promise<void> {
    await this.drain();
    if (this.out !== process.stdout && this.out.end) {
      await new Promise<void>((resolve) => this.out.end!(() => resolve()));
    }
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (this.out.write(this.buffer) === false) this.blocked = true;
    this.buffer = '';
  }
}
