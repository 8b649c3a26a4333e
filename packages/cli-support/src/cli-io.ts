/** Where a CLI writes: results to `out`, progress and errors to `err`. Injected so tests need no subprocess. */
export interface CliIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown; isTTY?: boolean };
}
