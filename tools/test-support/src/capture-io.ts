/**
 * An `io` for running a CLI's `main` in process: what it writes to `out` and `err`, read back as
 * strings (fits `@tripstream/cli-support`'s `CliIo`).
 */
export function captureIo() {
  let out = '';
  let err = '';
  return {
    io: { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } },
    out: () => out,
    err: () => err,
  };
}
