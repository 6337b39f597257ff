// The walk's rules (web/js/walk/rules.js) against the shared cases in rule-cases.json, which pytest runs
// against the server's rules too (tests/unit/test_rule_cases.py).
import { itemsOf, raisesFinding, shownItems } from '/js/walk/rules.js';
import { assert, test } from './assert.js';

const cases = await (await fetch('/tests/rule-cases.json')).json();
const items = Object.fromEntries(itemsOf(cases.checklist).map(({ item }) => [item.id, item]));

test('the items shown for each set of answers', () => {
  for (const [answers, expected] of cases.shown) {
    const shown = [...shownItems(cases.checklist, new Map(Object.entries(answers)))];
    assert.deepEqual(shown, expected, JSON.stringify(answers));
  }
});

test('which answers raise a finding', () => {
  for (const [itemId, answer, expected] of cases.raises) {
    assert.equal(raisesFinding(items[itemId], answer), expected, `${itemId} = ${JSON.stringify(answer)}`);
  }
});
