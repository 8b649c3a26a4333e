import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's examples are the files in examples/, verbatim but for the import path.
const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const examples = readdirSync(new URL('examples/', root)).filter((f) => f.endsWith('.ts'));

describe('README examples', () => {
  it.each(examples)('%s runs and appears in the README as is', async (file) => {
    const source = readFileSync(new URL(`examples/${file}`, root), 'utf8');
    const published = source.replaceAll("'../src/index.js'", "'@tripstream/debs2015'");
    expect(readme).toContain(`\`\`\`ts\n// examples/${file}\n${published}\`\`\``);
    await import(`../examples/${file}`);
  });
});
