import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { StackStartError } from './ports.js';

/** A child server process that is stopped when this process exits, whatever the reason. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** The last lines the process printed, for error messages. */
  output(): string;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers run synchronously: kill() is synchronous, so no orphan survives a crash.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Spawns a server process. Under util-linux `setpriv` it also gets a parent-death signal,
 * so even a SIGKILLed parent leaves no orphan server behind.
 */
export function spawnManaged(
  service: string,
  command: string,
  args: string[],
  options: SpawnOptions & { usePdeathsig?: boolean; setprivArgs?: string[] } = {},
): ManagedProcess {
  installExitHook();
  const { usePdeathsig = true, setprivArgs = [], ...spawnOptions } = options;
  const [cmd, cmdArgs] =
    usePdeathsig && hasSetpriv()
      ? ['setpriv', [...setprivArgs, '--pdeathsig', 'SIGKILL', '--', command, ...args]]
      : [command, args];
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  live.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));
  child.once('error', (err) => {
    live.delete(child);
    lines.push(`spawn error: ${err.message}`);
  });
  return {
    child,
    output: () => lines.slice(-40).join('\n'),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

let setprivAvailable: boolean | undefined;
function hasSetpriv(): boolean {
  if (setprivAvailable === undefined) {
    setprivAvailable = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  }
  return setprivAvailable;
}

/** Rejects if the process exits before `ready` resolves. */
export async function untilReadyOrExit(
  service: string,
  proc: ManagedProcess,
  ready: Promise<void>,
): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    proc.child.once('exit', (code, signal) =>
      reject(
        new StackStartError(
          `${service} exited before it was ready (code ${code}, signal ${signal}):\n${proc.output()}`,
          service,
        ),
      ),
    );
  });
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    await proc.stop(2_000);
    if (err instanceof StackStartError && !err.message.includes(proc.output())) {
      throw new StackStartError(
        `${err.message}\n--- ${service} output ---\n${proc.output()}`,
        service,
        err,
      );
    }
    throw err;
  }
}
