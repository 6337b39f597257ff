// Runs the test modules named in the address (?m=outbox.test.js&m=merge.test.js), one test at a time, and
// leaves the results in window.testResults ([{module, name, ok, message}]) for the pytest test that opened
// the page, and on the page for a person. A module that fails to load is a failed test of its own.
import { registered } from './assert.js';

const TIMEOUT_MS = 10000;
const results = [];
const list = document.getElementById('results');

function report(module, name, ok, message = '') {
  results.push({ module, name, ok, message });
  const item = document.createElement('li');
  item.textContent = `${ok ? 'ok' : 'FAILED'}  ${module}: ${name}${message ? ` — ${message}` : ''}`;
  list.append(item);
}

function timeout(ms) {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
  });
}

async function runModule(module) {
  const first = registered.length;
  try {
    await import(`./${module}`);
  } catch (error) {
    report(module, 'loads', false, `the module did not load: ${error && error.message}`);
    return;
  }
  const tests = registered.slice(first);
  if (!tests.length) report(module, 'has tests', false, 'the module registered no test');
  for (const { name, fn } of tests) {
    try {
      await Promise.race([fn(), timeout(TIMEOUT_MS)]);
      report(module, name, true);
    } catch (error) {
      report(module, name, false, (error && (error.stack || error.message)) || String(error));
    }
  }
}

async function main() {
  const modules = new URLSearchParams(location.search).getAll('m');
  if (!modules.length) report('run.js', 'modules named', false, 'name the test modules in the address: ?m=outbox.test.js');
  for (const module of modules) await runModule(module);
  const failed = results.filter((result) => !result.ok).length;
  document.getElementById('summary').textContent = `${results.length - failed} passed, ${failed} failed`;
  window.testResults = results;
}

main();
