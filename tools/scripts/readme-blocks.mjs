// README code blocks as the release check compiles and runs them.
//
// Every ```ts block of a package README is a module of its own, type-checked in a consumer
// project against the published packages. Blocks show one option group at a time, so they use
// names (a `client`, a `producer`) that an earlier block made: the README states those once, in a
// hidden comment anywhere in the file, and each block gets the lines of it whose names the block
// does not declare or import itself:
//
//   <!-- readme-check prelude
//   import { KinesisClient } from '@aws-sdk/client-kinesis';
//   declare const client: KinesisClient;
//   -->
//
// A block right after `<!-- readme-check run -->` is also run (Node's type stripping) against the
// local stack, with KINESIS_ENDPOINT and OPENSEARCH_URL set; it must end by itself.

/** The ```ts blocks of `markdown`: { index, line, code, run, prelude }. */
export function readmeBlocks(markdown) {
  const prelude = /<!-- readme-check prelude\n([\s\S]*?)-->/.exec(markdown)?.[1] ?? '';
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const before = lines.slice(Math.max(0, start - 2), start).join('\n');
    blocks.push({
      index: blocks.length + 1,
      line: start + 1,
      code: body.join('\n'),
      run: before.includes('<!-- readme-check run -->'),
      prelude,
    });
  }
  return blocks;
}

/** Names a line of TypeScript declares or imports (roughly: enough for prelude lines). */
function declaredNames(code) {
  const names = new Set();
  for (const m of code.matchAll(
    /\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g,
  ))
    names.add(m[1]);
  for (const m of code.matchAll(/\b(?:const|let|var)\s+\{([^}]*)\}/g))
    for (const n of m[1].split(',')) names.add(n.split(':').pop().trim());
  for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from/g))
    for (const n of m[1].split(','))
      names.add(
        n
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)
          .pop()
          .trim(),
      );
  for (const m of code.matchAll(/import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s*(?:,|from)/g))
    names.add(m[1]);
  names.delete('');
  return names;
}

/** The block as a module: the prelude lines it needs, then its code, then `export {}`. */
export function withPrelude(block) {
  const own = declaredNames(block.code);
  const needed = block.prelude
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      const names = declaredNames(line);
      // An import line keeps the names the block lacks; a declaration goes if the block has it.
      if (/^\s*import\b/.test(line)) return [...names].some((n) => !own.has(n));
      return ![...names].some((n) => own.has(n));
    })
    .map((line) => {
      if (!/^\s*import\b/.test(line)) return line;
      // Drop the names the block imports itself, so nothing is declared twice.
      return line.replace(
        /\{([^}]*)\}/,
        (_, list) =>
          `{${list
            .split(',')
            .filter(
              (n) =>
                !own.has(
                  n
                    .replace(/^\s*type\s+/, '')
                    .split(/\s+as\s+/)
                    .pop()
                    .trim(),
                ),
            )
            .join(',')} }`,
      );
    });
  return `${needed.join('\n')}\n// --- README block ---\n${block.code}\nexport {};\n`;
}
