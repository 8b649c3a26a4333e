/** Exit status of a run that did what was asked. */
export const EXIT_OK = 0;
/** Exit status of a run that failed at run time: a server, a file, the data. */
export const EXIT_FAILURE = 1;
/** Exit status of a command line that cannot run: unknown flag, bad value, conflict, missing. */
export const EXIT_USAGE = 2;
/** How long (ms) a CLI has to stop after SIGINT/SIGTERM before it exits anyway. */
export const DEFAULT_STOP_GRACE_MS = 5_000;
