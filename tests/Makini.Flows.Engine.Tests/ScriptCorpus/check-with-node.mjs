// Runs every corpus case (script and one-expression form) in Node, as a second opinion on the frozen
// results: Jint and V8 implement the same language, so a difference is worth a look before freezing.
// Not part of the test run. Usage: node tests/Makini.Flows.Engine.Tests/ScriptCorpus/check-with-node.mjs
// The scripts run with the engine's bindings (input, vars, outputs, item, index), frozen inputs, in strict
// mode; a script's value is its last expression statement's (eval's completion value), or what a top-level
// return gives. Known, expected differences are listed with the case (a Date is stored by the engine
// with seven fraction digits, by JSON.stringify with three).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const text = (v) => (Array.isArray(v) ? v.join('\n') : v);

const deepFreeze = (o) => {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
};

function evaluate(source, input, vars, item, index) {
  const args = [input, vars, {}, item, index];
  try {
    // eslint-disable-next-line no-new-func
    const run = new Function('input', 'vars', 'outputs', 'item', 'index', '"use strict"; return eval(arguments[5]);');
    return run(...args, source);
  } catch (e) {
    if (!(e instanceof SyntaxError) || !/return/i.test(e.message)) throw e;
    // A top-level return: the script is a function body.
    return new Function('input', 'vars', 'outputs', 'item', 'index', '"use strict";\n' + source)(...args);
  }
}

const json = (v) => JSON.stringify(v === undefined ? null : JSON.parse(JSON.stringify(v ?? null)));

let differences = 0;
let checked = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
  const c = JSON.parse(readFileSync(join(folder, file), 'utf8'));
  const expected = JSON.stringify(c.expected ?? null);
  for (const [form, source] of [['script', text(c.script)], ['oneExpression', c.oneExpression]]) {
    if (source === undefined) continue;
    checked++;
    let actual;
    try {
      const input = deepFreeze(structuredClone(c.input));
      const vars = deepFreeze({ ...structuredClone(c.vars ?? {}), result: null });
      actual = c.items
        ? json(c.items.map((item, i) => evaluate(source, input, vars, deepFreeze(structuredClone(item)), i) ?? null))
        : json(evaluate(source, input, vars, undefined, undefined));
    } catch (e) {
      actual = `throws ${e}`;
    }
    if (actual !== expected) {
      differences++;
      console.log(`${file} (${form}):\n  node:   ${actual}\n  frozen: ${expected}`);
    }
  }
}
console.log(`${checked} scripts run in Node, ${differences} differ from the frozen results`);
