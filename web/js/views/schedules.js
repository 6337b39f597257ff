// Schedules (committee, administrators): every audit schedule with where it stands, and a form to add one for
// a building or for every building of a campus. Each row opens its own screen to change or remove it.
import { api, getAll } from '../api.js';
import { summaryText } from '../checklists/localize.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { lastText, dueText, everyText, pairWords, stateBadge } from '../schedules/common.js';
import { intervalField, responsibleField } from '../schedules/fields.js';
import { session } from '../session.js';
import { buildingLabel } from '../spaces/places.js';
import { button, emptyState, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { errorSummary, formErrors, radioGroup, selectField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';

function scheduleTable(schedules, canManage) {
  const keys = ['building', 'checklist', 'every', 'due', 'responsible'];
  return h('table', { class: 'data-table data-table--cards' },
    h('caption', { class: 'visually-hidden', text: t('schedules.caption') }),
    h('thead', {}, h('tr', {}, keys.map((key) => h('th', { scope: 'col', text: t(`schedules.columns.${key}`) })))),
    h('tbody', {}, schedules.map((s) => {
      const words = pairWords(s);
      return h('tr', {},
        h('th', { scope: 'row', class: 'data-table__primary' }, canManage
          ? h('a', { href: `#/schedules/${encodeURIComponent(s.id)}`, 'aria-label': t('schedules.editLabel', words), text: words.building })
          : words.building),
        h('td', { 'data-label': t('schedules.columns.checklist'), class: 'data-table__wrap', text: s.checklist.title }),
        h('td', { 'data-label': t('schedules.columns.every'), text: everyText(s.interval_months) }),
        h('td', { 'data-label': t('schedules.columns.due') },
          h('span', { class: 'schedule-when' }, stateBadge(s), h('span', { text: dueText(s) }),
            h('span', { class: 'muted', text: lastText(s) }))),
        h('td', { 'data-label': t('schedules.columns.responsible'), text: s.responsible.name }));
    })));
}

function addForm({ buildings, campuses, checklists, people }, onAdded) {
  const scope = radioGroup({ name: 'scope', legend: t('schedules.add.scope'), value: 'building', options: [
    { value: 'building', label: t('schedules.add.oneBuilding') }, { value: 'campus', label: t('schedules.add.campus') }] });
  const fields = {
    building_id: selectField({ name: 'building', label: t('schedules.add.building'), options: [
      { value: '', label: t('schedules.add.chooseBuilding') }, ...buildings.map((b) => ({ value: b.id, label: buildingLabel(b, true) }))] }),
    campus_id: selectField({ name: 'campus', label: t('schedules.add.campusLabel'), hint: t('schedules.add.campusHint'), options: [
      { value: '', label: t('schedules.add.chooseCampus') }, ...campuses.map((c) => ({ value: c.id, label: c.name }))] }),
    checklist_id: selectField({ name: 'checklist', label: t('schedules.add.checklist'), options: [
      { value: '', label: t('schedules.add.chooseChecklist') }, ...checklists.map((c) => {
        const title = summaryText(c, 'title');
        return { value: c.id, label: title.text, lang: title.lang };
      })] }),
    interval_months: intervalField(12),
    responsible_id: responsibleField(people, people.some((p) => p.id === session.user.id) ? session.user.id : ''),
  };
  const showScope = () => {
    fields.building_id.wrapper.hidden = scope.value() !== 'building';
    fields.campus_id.wrapper.hidden = scope.value() !== 'campus';
  };
  scope.wrapper.addEventListener('change', showScope);
  showScope();
  const summary = errorSummary();
  const errors = formErrors(fields, summary);
  const submit = button(t('schedules.add.submit'), { type: 'submit' });
  const form = h('form', { class: 'form', novalidate: true }, summary, scope.wrapper, fields.building_id.wrapper,
    fields.campus_id.wrapper, fields.checklist_id.wrapper, fields.interval_months.wrapper, fields.responsible_id.wrapper,
    h('div', { class: 'actions' }, submit));
  onSubmit(form, {
    button: submit, errors,
    read: () => {
      const where = scope.value() === 'campus' ? 'campus_id' : 'building_id';
      return { [where]: fields[where].control.value, checklist_id: fields.checklist_id.control.value,
        interval_months: fields.interval_months.months(), responsible_id: fields.responsible_id.control.value };
    },
    check: (v) => {
      if ('building_id' in v && !v.building_id) return ['building_id', t('schedules.add.buildingRequired')];
      if ('campus_id' in v && !v.campus_id) return ['campus_id', t('schedules.add.campusRequired')];
      if (!v.checklist_id) return ['checklist_id', t('schedules.add.checklistRequired')];
      if (v.interval_months == null) return ['interval_months', t('schedules.interval.invalid')];
      if (!v.responsible_id) return ['responsible_id', t('schedules.add.responsibleRequired')];
      return null;
    },
    send: (values) => api.post('/api/schedules', values),
    done: (answer) => {
      announce(t('schedules.add.done', { count: answer.total }));
      onAdded(t('schedules.add.done', { count: answer.total }));
    },
  });
  return h('section', { class: 'section', 'aria-labelledby': 'add-schedule-heading' },
    h('h2', { id: 'add-schedule-heading', text: t('schedules.add.heading') }), form);
}

// Nothing to schedule before there are buildings and checklists: say so rather than show empty choices.
function adding([buildings, campuses, checklists, people], onAdded) {
  if (!buildings.length || !checklists.length) {
    return h('section', { class: 'section', 'aria-labelledby': 'add-schedule-heading' },
      h('h2', { id: 'add-schedule-heading', text: t('schedules.add.heading') }),
      notice(t(buildings.length ? 'schedules.add.noChecklists' : 'schedules.add.noBuildings'), 'info'));
  }
  return addForm({ buildings, campuses, checklists, people }, onAdded);
}

export function render({ setTitle }) {
  setTitle(t('schedules.title'));
  const canManage = session.can('schedule.manage');
  const body = h('div', {}, loading());
  const load = async (message) => {
    try {
      const [schedules, choices] = await Promise.all([getAll('/api/schedules'), canManage ? Promise.all([
        getAll('/api/buildings'), getAll('/api/campuses'), getAll('/api/checklists'), getAll('/api/schedules/people'),
      ]) : null]);
      fill(body,
        message ? notice(message, 'success') : null,
        canManage ? null : notice(t('schedules.readOnly'), 'info'),
        h('div', { class: 'schedule-list' }, schedules.length ? scheduleTable(schedules, canManage)
          : emptyState(t('schedules.empty.title'), t('schedules.empty.text'), 2)),
        canManage ? adding(choices, load) : null);
    } catch (error) {
      fill(body, loadError(error, () => load()));
    }
  };
  load();
  return h('div', {}, pageHeading(t('schedules.title')), h('p', { class: 'lead', text: t('schedules.lead') }), body);
}
