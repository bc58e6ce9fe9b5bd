#!/usr/bin/env node
// Offline Neo4j 5 (Cypher 5) linter for the saved queries in cypher/**/*.cypher.
//
// Usage: node lint.mjs FILE...
//
// Lints the full text of every FILE (comments and several `;`-separated
// statements included) with Neo4j's own parser and semantic analysis, as
// bundled in @neo4j-cypher/language-support, and prints ONE JSON document:
//
//   [{"file": "<path as given>",
//     "diagnostics": [{"severity": 1|2, "message": "...",
//                      "line": <1-based>, "column": <1-based, code points>}]}]
//
// severity 1 = error, 2 = warning (e.g. deprecations). Undefined-parameter
// diagnostics ("Parameter $x is not defined.") are dropped: saved queries
// take their parameters at run time.
//
// Exit status: 0 whenever linting ran, whatever the diagnostics;
// 2 when it could not run (no argument, unreadable file, package not
// installed, analysis not working), with a message on stderr.
// Standard input is never read.

import { readFileSync } from 'node:fs';

const CYPHER_VERSION = 'CYPHER 5';
// Built-in procedure namespaces of a plain Neo4j 5 server. The mock schema
// shipped with the package also lists plugin procedures (apoc.*, gds.*),
// which a plain server does not have.
const BUILT_IN_PROCEDURE = /^(db|dbms|tx)\./;

function fail(message) {
  process.stderr.write(`cypher_lint: ${message}\n`);
  process.exit(2);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  fail('usage: node lint.mjs FILE...');
}

// Read every file before loading the (large) package, so a bad path fails fast.
const texts = files.map((file) => {
  try {
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    return fail(`cannot read ${file}: ${err.message}`);
  }
});

let lib;
try {
  lib = await import('@neo4j-cypher/language-support');
} catch (err) {
  fail(
    `cannot load @neo4j-cypher/language-support (${err.message}); ` +
      'install it with: npm ci --prefix tests/cypher_lint',
  );
}
const { lintCypherQuery, isNotParamError, testData } = lib;

function pick(registry, keep) {
  const all = registry?.[CYPHER_VERSION];
  if (!all) fail(`the package's mock schema has no ${CYPHER_VERSION} registry`);
  return Object.fromEntries(Object.entries(all).filter(([name, v]) => keep(name, v)));
}

// Only functions and procedures: no labels, relationship types, property keys
// or parameters, so that the lint does not depend on any database's contents.
const dbSchema = {
  defaultLanguage: CYPHER_VERSION,
  functions: {
    [CYPHER_VERSION]: pick(testData.mockSchema.functions, (_, f) => f.isBuiltIn === true),
  },
  procedures: {
    [CYPHER_VERSION]: pick(testData.mockSchema.procedures, (name) => BUILT_IN_PROCEDURE.test(name)),
  },
};

// Workaround for a bug in the package: a statement holding a character outside
// the Basic Multilingual Plane (an emoji, say) makes its semantic analysis
// throw, and the package swallows that, dropping every semantic error of the
// statement. Such characters are only valid inside strings, comments and
// `quoted` names, so each is replaced by two Private Use Area characters
// (same UTF-16 length, so positions do not move) before linting, and put
// back into the messages afterwards.
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;
function shieldAstral(text) {
  const found = [...new Set(text.match(ASTRAL) ?? [])];
  if (found.length === 0) return { shielded: text, restore: (s) => s };
  const used = new Set(text);
  const pairs = new Map();
  let code = 0xe000;
  for (const ch of found) {
    while (used.has(String.fromCharCode(code))) code++;
    if (code > 0xf8ff) fail('too many distinct characters outside the BMP');
    pairs.set(ch, String.fromCharCode(code).repeat(2));
    code++;
  }
  return {
    shielded: text.replace(ASTRAL, (ch) => pairs.get(ch)),
    restore: (s) => {
      for (const [ch, pair] of pairs) s = s.split(pair).join(ch);
      return s;
    },
  };
}

function lint(text) {
  const { shielded, restore } = shieldAstral(text);
  const lines = text.split('\n');
  const { diagnostics } = lintCypherQuery(shielded, dbSchema, { consoleCommandsEnabled: false });
  return diagnostics.filter(isNotParamError).map((d) => {
    const { line, character } = d.range.start;
    const bad = !(line >= 0 && character >= 0);
    // The package counts columns in UTF-16 code units; report Unicode code
    // points (as Python's str indexing does).
    const column =
      bad || line >= lines.length
        ? character
        : Array.from(lines[line].slice(0, character)).length;
    return {
      severity: d.severity ?? 1,
      message: restore(d.message),
      line: bad ? 1 : line + 1,
      column: bad ? 1 : column + 1,
    };
  });
}

// The package silently swallows exceptions from its semantic analysis; make
// sure that analysis and the function lookup really work before trusting an
// empty result.
for (const [query, expected] of [
  ['MATCH (n) RETURN m', 'Variable `m` not defined'],
  ['RETURN nosuchfn(1)', 'Function nosuchfn is not present'],
  ['RETURN "\u{1F600}" AS s, m', 'Variable `m` not defined'],
]) {
  const found = lint(query).some((d) => d.severity === 1 && d.message.startsWith(expected));
  if (!found) fail(`self-check failed: no "${expected}" error for: ${query}`);
}

const results = [];
for (let i = 0; i < files.length; i++) {
  try {
    results.push({ file: files[i], diagnostics: lint(texts[i]) });
  } catch (err) {
    fail(`linting ${files[i]} failed: ${err.stack ?? err}`);
  }
}

process.stdout.on('error', (err) => fail(`cannot write the report: ${err.message}`));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exitCode = 0;
