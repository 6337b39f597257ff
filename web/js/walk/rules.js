// The checklist rules on the phone, mirroring checklists/README.md (and the server's copy of them), so the
// walk shows and hides items, raises findings and counts progress at once, with or without a connection.
//   - Items are evaluated top to bottom in one pass: a condition may only name an earlier item.
//   - A condition is met only when the item it names is itself shown and its answer satisfies the operator;
//     unanswered, "not_applicable" and "unknown" never meet one.
//   - A finding is raised by a shown item whose answer matches finding.when; never by "not_applicable",
//     "unknown", no answer, or a hidden item.
//   - Progress counts shown items only; a skipped space is done and its items are not asked.

const NEVER = new Set(['not_applicable', 'unknown']);

/** Every item of a checklist in file order, with its section. */
export function itemsOf(checklist) {
  return checklist.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
}

export function findItem(checklist, itemId) {
  return itemsOf(checklist).find((entry) => entry.item.id === itemId) || null;
}

/** An answer that counts: a number, a non-empty text or list, or one of the words. */
export function isAnswered(answer) {
  if (answer === undefined || answer === null) return false;
  if (Array.isArray(answer)) return answer.length > 0;
  if (typeof answer === 'string') return answer.trim() !== '';
  return typeof answer === 'number' && Number.isFinite(answer);
}

function comparable(answer) {
  return isAnswered(answer) && !NEVER.has(answer);
}

function matchesList(list, answer) {
  return Array.isArray(answer) ? answer.some((value) => list.includes(value)) : list.includes(answer);
}

function operatorMet(condition, answer) {
  if ('equals' in condition) return answer === condition.equals;
  if ('in' in condition) return matchesList(condition.in, answer);
  if ('greater_than' in condition) return typeof answer === 'number' && answer > condition.greater_than;
  return false;
}

/** answers: Map of item id -> answer for one space. Returns the Set of item ids shown. */
export function shownItems(checklist, answers) {
  const shown = new Set();
  for (const { item } of itemsOf(checklist)) {
    const condition = item.show_when;
    if (!condition) {
      shown.add(item.id);
      continue;
    }
    const answer = answers.get(condition.item);
    if (shown.has(condition.item) && comparable(answer) && operatorMet(condition, answer)) shown.add(item.id);
  }
  return shown;
}

/** True when this answer to a shown item raises the item's finding. */
export function raisesFinding(item, answer) {
  const rule = item.finding;
  if (!rule || !comparable(answer)) return false;
  if (Array.isArray(rule.when)) return matchesList(rule.when, answer);
  if (rule.when && 'greater_than' in rule.when) return typeof answer === 'number' && answer > rule.when.greater_than;
  return false;
}

export const answerKey = (spaceId, itemId) => `${spaceId}/${itemId}`;

/** Map of item id -> answer for one space of an audit's state. */
function answersFor(state, spaceId) {
  const answers = new Map();
  for (const response of state.responses.values()) {
    if (response.space_id === spaceId) answers.set(response.item_id, response.answer);
  }
  return answers;
}

/** One space: the items shown, how many are answered, and its state for lists. */
export function spaceProgress(state, space) {
  const answers = answersFor(state, space.id);
  const shown = shownItems(state.checklist, answers);
  const items = itemsOf(state.checklist).filter(({ item }) => shown.has(item.id));
  const answered = items.filter(({ item }) => isAnswered(answers.get(item.id))).length;
  let status = 'not_started';
  if (space.skipped) status = 'skipped';
  else if (answered === items.length) status = 'done';
  else if (answered > 0) status = 'in_progress';
  return { answers, shown, items, answered, total: items.length, status };
}

/** The whole audit, counted as the server counts it (skipped spaces done, their items not counted). */
export function auditProgress(state) {
  const progress = { answered: 0, total: 0, spacesDone: 0, spacesTotal: state.audit.spaces.length };
  for (const space of state.audit.spaces) {
    const one = spaceProgress(state, space);
    if (one.status !== 'skipped') {
      progress.answered += one.answered;
      progress.total += one.total;
    }
    if (one.status === 'skipped' || one.status === 'done') progress.spacesDone += 1;
  }
  return progress;
}

/** Shown, unanswered items in spaces not skipped, in walking order: what stops a submission. */
export function unansweredItems(state) {
  const missing = [];
  for (const space of state.audit.spaces) {
    if (space.skipped) continue;
    const { answers, items } = spaceProgress(state, space);
    for (const { item } of items) {
      if (!isAnswered(answers.get(item.id))) missing.push({ spaceId: space.id, itemId: item.id });
    }
  }
  return missing;
}

/** Findings raised by answers but not recorded yet: worth a warning before submitting, not a block. */
export function unrecordedFindings(state) {
  const recorded = new Set([...state.findings.values()].map((f) => answerKey(f.space_id, f.item_id)));
  const missing = [];
  for (const space of state.audit.spaces) {
    if (space.skipped) continue;
    const { answers, items } = spaceProgress(state, space);
    for (const { item } of items) {
      if (raisesFinding(item, answers.get(item.id)) && !recorded.has(answerKey(space.id, item.id))) {
        missing.push({ spaceId: space.id, itemId: item.id });
      }
    }
  }
  return missing;
}
