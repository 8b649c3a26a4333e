import { spawnManaged } from '@tripstream/local-stack';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A replay or processor run as a child process, with its whole output kept for assertions. */
export interface ChildHandle {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ChildExit>;
  stdout(): string;
  stderr(): string;
  /** True once the process has exited. */
  done(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the first match of `pattern` in stderr (from `from` on); rejects on exit or timeout. */
  waitForStderr(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpExecArray>;
  /** Waits for the exit; on timeout kills the process with SIGKILL and rejects. */
  waitForExit(timeoutMs: number): Promise<ChildExit>;
}

const live = new Set<ChildHandle>();

/**
 * Spawns `node <bin> <args>` (under `setpriv --pdeathsig` when available, so nothing outlives a
 * killed test worker) and tracks it until it exits; {@link killAllChildren} ends the stragglers.
 */
export function startChild(name: string, bin: string, args: string[]): ChildHandle {
  const managed = spawnManaged(name, process.execPath, [bin, ...args]);
  const child = managed.child;
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  let finished = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      finished = true;
      resolve({ code, signal });
    });
    child.once('error', () => {
      finished = true;
      resolve({ code: null, signal: null });
    });
  });
  const handle: ChildHandle = {
    name,
    pid: child.pid ?? -1,
    exited,
    stdout: () => out,
    stderr: () => err,
    done: () => finished,
    kill: (signal) => {
      if (!finished) child.kill(signal);
    },
    waitForStderr(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = new RegExp(pattern.source, pattern.flags).exec(err.slice(from));
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = () => {
          // The last chunk may arrive with the exit: look once more before giving up.
          setImmediate(() => {
            check();
            cleanup();
            reject(new Error(`${name} exited before printing ${pattern}:\n${err.slice(-2000)}`));
          });
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`${name} printed no ${pattern} in ${timeoutMs} ms:\n${err.slice(-2000)}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stderr?.off('data', check);
          child.off('exit', onExit);
        };
        child.stderr?.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async waitForExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const result = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') {
        handle.kill('SIGKILL');
        await exited;
        throw new Error(`${name} did not exit within ${timeoutMs} ms:\n${err.slice(-3000)}`);
      }
      return result;
    },
  };
  live.add(handle);
  void exited.then(() => live.delete(handle));
  return handle;
}

/** SIGKILLs every child still running and waits for their exits (for afterAll and finally). */
export async function killAllChildren(): Promise<void> {
  const running = [...live];
  for (const c of running) c.kill('SIGKILL');
  await Promise.all(running.map((c) => c.exited));
}
