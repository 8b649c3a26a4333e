import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The test of a package whose README shows the files of its `examples/` folder: each `.ts` file
 * must appear in the README verbatim but for the import path (`'../src/index.js'` reads
 * `packageName`), in a `ts` block whose first line is `// examples/<file>`; then it is imported,
 * which runs it (each file checks its own output with `node:assert`). `packageRoot` is the
 * package's folder, e.g. `new URL('../', import.meta.url)` from its `tests/`.
 */
export function describeReadmeExamples(packageRoot: URL, packageName: string): void {
  const readme = readFileSync(new URL('README.md', packageRoot), 'utf8');
  const examples = readdirSync(new URL('examples/', packageRoot)).filter((f) => f.endsWith('.ts'));
  describe('README examples', () => {
    it.each(examples)('%s runs and appears in the README as is', async (file) => {
      const url = new URL(`examples/${file}`, packageRoot);
      const published = readFileSync(url, 'utf8').replaceAll(
        "'../src/index.js'",
        `'${packageName}'`,
      );
      expect(readme).toContain(`\`\`\`ts\n// examples/${file}\n${published}\`\`\``);
      await import(url.href);
    });
  });
}
