/**
 * An optional peer dependency is needed by the options or data in use and is not installed, e.g.
 * `aws-kinesis-agg` for KPL aggregation. Install it next to the package that needs it, or turn the option off.
 */
export class MissingDependencyError extends Error {
  override readonly name = 'MissingDependencyError';
  /** The npm package to install. */
  readonly dependency: string;
  /** The option that needs it. */
  readonly option: string;

  constructor(dependency: string, option: string, cause: unknown) {
    super(
      `${option} needs the optional peer dependency ${dependency}, which could not be loaded: ` +
        `run \`npm install ${dependency}\` or turn ${option} off`,
      { cause },
    );
    this.dependency = dependency;
    this.option = option;
  }
}
