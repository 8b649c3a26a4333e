import { existsSync } from 'node:fs';

/**
 * Under an Nx task (`nx run replay:serve -- …`), makes relative paths mean the folder the user
 * ran the command in. Nx runs the task elsewhere (the workspace root or the project); the npm
 * client that started Nx (`npx nx …`) recorded the caller's folder in `INIT_CWD`. Outside Nx it
 * changes nothing: `INIT_CWD` alone also appears in any npm script, where it is not ours to follow.
 * Returns the folder it moved to, if it did.
 */
export function enterCallerCwd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const target = env.INIT_CWD;
  if (!env.NX_TASK_TARGET_PROJECT || !target || !existsSync(target)) return undefined;
  if (target === process.cwd()) return undefined;
  process.chdir(target);
  return target;
}
