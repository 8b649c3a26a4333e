/** An option given to `new KinesisProducer()` is out of range or of the wrong type. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  /** Path of the option, e.g. `batch.lingerMs`. */
  readonly option: string;
  /** The value that was rejected. */
  readonly value: unknown;

  constructor(option: string, value: unknown, expected: string) {
    super(`Invalid option ${option}: ${describe(value)} (expected ${expected})`);
    this.option = option;
    this.value = value;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return String(value);
  }
}
