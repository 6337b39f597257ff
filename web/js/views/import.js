// Import buildings and spaces from a CSV file: check it first (dry run), then import.
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { announce } from '../live.js';
import { button, fill, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors } from '../ui/form.js';
import { isBusy, whileBusy } from '../ui/submit.js';

const COLUMNS = 'campus,building_code,building_name,floor,room_number,space_name,space_kind';

function countsTable(result) {
  const groups = [
    ['campuses', ['created', 'unchanged']],
    ['buildings', ['created', 'updated', 'unchanged']],
    ['spaces', ['created', 'updated', 'unchanged']],
  ];
  const headers = ['created', 'updated', 'unchanged'];
  return h('table', { class: 'data-table data-table--counts' },
    h('caption', { class: 'visually-hidden', text: t('import.counts.caption') }),
    h('thead', {}, h('tr', {}, h('td', {}), headers.map((key) => h('th', { scope: 'col', text: t(`import.counts.${key}`) })))),
    h('tbody', {}, groups.map(([group, keys]) => h('tr', {},
      h('th', { scope: 'row', text: t(`import.counts.${group}`) }),
      headers.map((key) => h('td', { class: 'num', text: keys.includes(key) ? formatNumber(result[group]?.[key] ?? 0) : '—' }))))));
}

function changes(result) {
  return ['campuses', 'buildings', 'spaces'].reduce((sum, group) =>
    sum + (result[group]?.created ?? 0) + (result[group]?.updated ?? 0), 0);
}

function successReport(result) {
  const dry = result.dry_run;
  const changed = changes(result);
  const title = t(dry ? 'import.result.checkedTitle' : 'import.result.importedTitle');
  let text;
  if (!changed) text = t(dry ? 'import.result.checkedNothing' : 'import.result.importedNothing', { count: result.rows });
  else text = t(dry ? 'import.result.checkedText' : 'import.result.importedText', { count: result.rows });
  return { title, text, body: [h('p', { text }), countsTable(result), dry ? h('p', { class: 'muted', text: t('import.result.nextStep') }) : null] };
}

function problemsReport(error) {
  const problems = error.problems.length ? error.problems : [{ line: error.line, field: error.field, message: error.message }];
  const title = t('import.problems.title', { count: problems.length });
  return {
    title,
    text: title,
    body: [
      h('p', { text: t('import.problems.text') }),
      h('ul', { class: 'problems' }, problems.map((problem) => h('li', {
        text: problem.line
          ? t(problem.field ? 'import.problems.lineField' : 'import.problems.line', { line: problem.line, field: problem.field, message: problem.message })
          : problem.message,
      }))),
    ],
  };
}

export function render({ setTitle }) {
  setTitle(t('import.title'));
  const fileId = uid('csv');
  const input = h('input', { type: 'file', id: fileId, name: 'file', accept: '.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
  const errorEl = h('p', { id: `${fileId}-error`, class: 'field-error', hidden: true });
  const fileField = {
    control: input,
    setError(message) {
      errorEl.textContent = message;
      errorEl.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${fileId}-hint ${fileId}-error`);
    },
    clearError() {
      errorEl.hidden = true;
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', `${fileId}-hint`);
    },
    focus: () => input.focus(),
  };
  const summary = errorSummary();
  const errors = formErrors({ file: fileField }, summary);
  const check = button(t('import.check'), { variant: 'secondary', type: 'submit', value: 'check' });
  const run = button(t('import.run'), { type: 'submit', value: 'import' });
  const report = h('section', { class: 'panel', 'aria-labelledby': 'report-heading', hidden: true });

  const form = h('form', { class: 'form', novalidate: true },
    summary,
    h('div', { class: 'field' },
      h('label', { for: fileId, class: 'field-label', text: t('import.file') }),
      h('p', { id: `${fileId}-hint`, class: 'field-hint', text: t('import.fileHint') }),
      errorEl, input),
    h('div', { class: 'actions' }, check, run));
  input.addEventListener('change', () => {
    report.hidden = true;
    errors.clear();
  });

  const showReport = ({ title, text, body }, kind) => {
    const heading = h('h2', { id: 'report-heading', tabindex: '-1', text: title });
    report.className = `panel panel--${kind}`;
    fill(report, heading, body);
    report.hidden = false;
    heading.focus();
    announce(text, { assertive: kind === 'error' });
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const dryRun = event.submitter ? event.submitter.value !== 'import' : true;
    const pressed = dryRun ? check : run;
    if (isBusy(check) || isBusy(run)) return;
    errors.clear();
    const file = input.files[0];
    if (!file) return errors.fieldError('file', t('import.chooseFile'));
    try {
      const result = await whileBusy(pressed, t(dryRun ? 'import.checking' : 'import.importing'),
        () => api.upload('/api/imports/spaces', file, { dry_run: dryRun ? 'true' : 'false' }));
      showReport(successReport(result), 'success');
    } catch (error) {
      if (error.code === 'csv_invalid') showReport(problemsReport(error), 'error');
      else {
        report.hidden = true;
        errors.show(error);
      }
    }
  });

  return h('div', {},
    pageHeading(t('import.title')),
    h('p', { class: 'lead', text: t('import.intro') }),
    h('details', { class: 'help' },
      h('summary', { text: t('import.formatTitle') }),
      h('p', { text: t('import.formatText') }),
      h('pre', { class: 'code' }, h('code', { text: `${COLUMNS}\nMain Campus,MED,Medical Education Building,2,2-104,Lecture Hall A,lecture_hall` })),
      h('p', { text: t('import.formatRules') })),
    form,
    report);
}
