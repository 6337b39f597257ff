// Plan an audit: a title, a building, a checklist, the team and the spaces to walk. Saved through the store
// (PUT /api/audits/{uuid}), so a plan made without signal is kept on the phone and sent later.
import { api, getAll } from '../api.js';
import { spaceChooser } from '../audits/space-chooser.js';
import { summaryText } from '../checklists/localize.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { go } from '../router.js';
import { pairWords } from '../schedules/common.js';
import { session } from '../session.js';
import { buildingLabel } from '../spaces/places.js';
import { planAudit } from '../store/walk.js';
import { backLink, button, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { checkboxGroup, errorSummary, formErrors, selectField, textField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';

// "Plan this audit" from a scheduled audit (?schedule=id): the form comes filled in from the schedule.
async function loadChoices(scheduleId) {
  const [buildings, checklists, auditors, schedule] = await Promise.all([
    getAll('/api/buildings'),
    getAll('/api/checklists'),
    // Active people who can walk audits (auditors and administrators): whoever plans picks the team.
    getAll('/api/auditors'),
    scheduleId ? api.get(`/api/schedules/${encodeURIComponent(scheduleId)}`) : null,
  ]);
  return { buildings, checklists, auditors, schedule };
}

// A team that is only words (nothing to pick): its error is shown, and focused, right under them.
function fixedTeam(node, people) {
  const error = h('p', { class: 'field-error', tabindex: '-1', hidden: true });
  const setError = (message) => {
    error.textContent = message || '';
    error.hidden = !message;
  };
  return {
    wrapper: h('div', {}, node, error), ids: () => people.map((p) => p.id), people: () => people,
    setError, clearError: () => setError(''), focus: () => error.focus(),
  };
}

/** The team: whoever plans picks from the people who can walk audits (the planner first, if they can). */
function teamField(auditors) {
  const me = session.user;
  if (!auditors.length) return fixedTeam(notice(t('audits.plan.noAuditors'), 'info'), []);
  const field = checkboxGroup({
    name: 'team', legend: t('audits.plan.team'), hint: t('audits.plan.teamHint'),
    options: auditors.map((u) => ({ value: u.id, label: u.name })),
    values: auditors.some((u) => u.id === me.id) ? [me.id] : [],
  });
  field.ids = () => field.values();
  field.people = () => auditors.filter((u) => field.values().includes(u.id)).map((u) => ({ id: u.id, name: u.name }));
  return field;
}

function preview(id, values, { building, checklist, team, spaces }) {
  return {
    id, title: values.title, status: 'planned', local: true, building: { id: building.id, code: building.code, name: building.name },
    checklist: { id: checklist.id, version: checklist.version, title: checklist.title },
    created_by: { id: session.user.id, name: session.user.name }, members: team.people(),
    spaces: spaces.map((s) => ({ id: s.id, name: s.name, floor: s.floor, room_number: s.room_number || '', kind: s.kind, skipped: null })),
    progress: null, history: [],
  };
}

function missing(values, chosen) {
  if (!values.title) return ['title', t('audits.plan.titleRequired')];
  if (!values.building_id) return ['building_id', t('audits.plan.buildingRequired')];
  if (!values.checklist_id) return ['checklist_id', t('audits.plan.checklistRequired')];
  if (!values.member_ids.length) return ['member_ids', t('audits.plan.teamRequired')];
  if (!chosen.length) return ['space_ids', t('audits.plan.spacesRequired')];
  return null;
}

function scheduleNote(schedule) {
  return t(schedule.last_audit ? 'schedules.plan.from' : 'schedules.plan.fromNew', pairWords(schedule));
}

function fillFromSchedule(fields, schedule, errors) {
  const { plan } = schedule;
  const year = new Date().getUTCFullYear();
  fields.title.control.value = t('schedules.plan.title', { checklist: schedule.checklist.title, building: schedule.building.code, year });
  fields.building_id.control.value = plan.building_id;
  fields.checklist_id.control.value = plan.checklist_id;
  fields.checklist_id.control.dispatchEvent(new Event('change'));
  if (fields.member_ids.setValues) fields.member_ids.setValues(plan.member_ids);
  fields.space_ids.load(plan.building_id, plan.space_ids).catch((error) => errors.show(error));
}

/** What the address fills in (from the coverage lists): ?building=&checklist=&spaces=id,id */
function prefill(fields, query, errors) {
  const building = query.get('building');
  if (!building || !fields.building_id.control.querySelector(`option[value="${CSS.escape(building)}"]`)) return;
  fields.building_id.control.value = building;
  const checklist = query.get('checklist');
  if (checklist && fields.checklist_id.control.querySelector(`option[value="${CSS.escape(checklist)}"]`)) {
    fields.checklist_id.control.value = checklist;
    fields.checklist_id.control.dispatchEvent(new Event('change'));
  }
  const spaces = (query.get('spaces') || '').split(',').filter(Boolean);
  fields.space_ids.load(building, spaces).catch((error) => errors.show(error));
}

function planForm({ buildings, checklists, auditors, schedule }, query) {
  const id = crypto.randomUUID(); // made once per form, so pressing Save twice is a harmless replay
  const fields = {
    title: textField({ name: 'title', label: t('audits.plan.titleLabel'), hint: t('audits.plan.titleHint'), autocomplete: 'off', maxlength: '200' }),
    building_id: selectField({
      name: 'building', label: t('audits.plan.building'),
      options: [{ value: '', label: t('audits.plan.chooseBuilding') }, ...buildings.map((b) => ({ value: b.id, label: buildingLabel(b) }))],
    }),
    checklist_id: selectField({
      name: 'checklist', label: t('audits.plan.checklist'),
      options: [{ value: '', label: t('audits.plan.chooseChecklist') },
        ...checklists.map((c) => {
          const title = summaryText(c, 'title');
          return { value: c.id, label: t('audits.plan.checklistOption', { title: title.text, count: c.items }), lang: title.lang };
        })],
    }),
    member_ids: teamField(auditors),
    space_ids: spaceChooser(),
  };
  const about = h('p', { class: 'field-hint checklist-about' });
  const summary = errorSummary();
  const errors = formErrors(fields, summary);
  const submit = button(t('audits.plan.submit'), { type: 'submit' });

  fields.checklist_id.control.addEventListener('change', () => {
    const chosen = checklists.find((c) => c.id === fields.checklist_id.control.value);
    const description = chosen ? summaryText(chosen, 'description') : { text: '', lang: null };
    about.textContent = description.text;
    if (description.lang) about.lang = description.lang;
    else about.removeAttribute('lang');
  });
  fields.building_id.control.addEventListener('change', () => {
    fields.space_ids.load(fields.building_id.control.value).catch((error) => errors.show(error));
  });

  if (schedule) fillFromSchedule(fields, schedule, errors);
  else prefill(fields, query, errors);
  const form = h('form', { class: 'form', novalidate: true }, summary,
    fields.title.wrapper, fields.building_id.wrapper, fields.checklist_id.wrapper, about,
    fields.member_ids.wrapper, fields.space_ids.wrapper, h('div', { class: 'actions' }, submit));
  onSubmit(form, {
    button: submit, errors,
    read: () => {
      const spaces = fields.space_ids.chosen();
      const values = {
        title: fields.title.control.value.trim(), building_id: fields.building_id.control.value,
        checklist_id: fields.checklist_id.control.value, member_ids: fields.member_ids.ids(), space_ids: spaces.map((s) => s.id),
      };
      return { values, spaces };
    },
    check: ({ values, spaces }) => missing(values, spaces),
    send: ({ values, spaces }) => {
      const context = {
        building: buildings.find((b) => b.id === values.building_id), checklist: checklists.find((c) => c.id === values.checklist_id),
        team: fields.member_ids, spaces,
      };
      return planAudit(id, values, preview(id, values, context));
    },
    // Kept on the device or sent, the plan is there to open; only a refusal stays on this form.
    done: (outcome, { values }) => {
      if (outcome.status === 'held') return errors.show(outcome.error);
      announce(t(outcome.status === 'waiting' ? 'audits.plan.kept' : 'audits.plan.done', { title: values.title }));
      return go(`/audits/${id}`);
    },
  });
  return form;
}

export function render({ query, setTitle }) {
  setTitle(t('audits.plan.title'));
  const back = () => backLink(t('audits.back'), '#/audits');
  const root = h('div', { class: 'narrow' }, back(), pageHeading(t('audits.plan.title')), loading());
  const load = async () => {
    try {
      const choices = await loadChoices(query.get('schedule'));
      fill(root, back(), pageHeading(t('audits.plan.title')), h('p', { class: 'lead', text: t('audits.plan.intro') }),
        choices.schedule ? notice(scheduleNote(choices.schedule), 'info') : null,
        choices.checklists.length ? planForm(choices, query) : notice(t('audits.plan.noChecklists'), 'info'));
    } catch (error) {
      fill(root, back(), pageHeading(t('audits.plan.title')), loadError(error, load));
    }
  };
  load();
  return root;
}
