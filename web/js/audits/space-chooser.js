// Which spaces of the building an audit walks: all of them, one floor, or those picked one by one (a link from
// the coverage lists arrives with its spaces already picked).
import { getAll } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { notice } from '../ui/components.js';
import { checkboxGroup, selectField } from '../ui/form.js';
import { spaceLabel } from './common.js';

const byPlace = (a, b) => a.floor.localeCompare(b.floor, undefined, { numeric: true })
  || (a.room_number || '').localeCompare(b.room_number || '', undefined, { numeric: true })
  || a.name.localeCompare(b.name);

function modeRadio(groupName, value, label, checked) {
  const id = uid('scope');
  return h('div', { class: 'choice' },
    h('input', { type: 'radio', id, name: groupName, value, checked }),
    h('label', { for: id, text: label }));
}

export function spaceChooser() {
  const id = uid('spaces');
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const body = h('div', {}, h('p', { class: 'field-hint', text: t('audits.plan.spacesFirst') }));
  const wrapper = h('fieldset', { class: 'field fieldset', id },
    h('legend', { class: 'field-label', text: t('audits.plan.spaces') }), errorEl, body);
  let spaces = [];
  let mode = 'all';
  let floor = null;
  let picks = null;
  let preset = [];

  const detail = h('div', { class: 'scope-detail' });
  const showDetail = () => {
    floor = null;
    picks = null;
    if (mode === 'floor') {
      const floors = [...new Set(spaces.map((s) => s.floor))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      const options = floors.map((f) => ({
        value: f, label: t('audits.plan.floorOption', { floor: f, count: spaces.filter((s) => s.floor === f).length }),
      }));
      floor = selectField({ name: 'floor', label: t('audits.plan.floor'), options });
      replace(detail, floor.wrapper);
    } else if (mode === 'pick') {
      const options = spaces.map((s) => ({ value: s.id, label: t('audits.plan.spaceOption', { space: spaceLabel(s), floor: s.floor }) }));
      picks = checkboxGroup({ name: 'space', legend: t('audits.plan.pick'), options, values: preset });
      replace(detail, picks.wrapper);
    } else {
      replace(detail);
    }
  };

  /** The building's spaces; `picked` (ids: a plan filled in from a schedule or the coverage lists) starts on
   * "picked one by one" with those spaces ticked. */
  async function load(buildingId, picked = []) {
    spaces = [];
    if (!buildingId) return replace(body, h('p', { class: 'field-hint', text: t('audits.plan.spacesFirst') }));
    spaces = (await getAll('/api/spaces', { building_id: buildingId })).sort(byPlace);
    if (!spaces.length) return replace(body, notice(t('audits.plan.noSpaces'), 'info'));
    preset = (picked || []).filter((spaceId) => spaces.some((s) => s.id === spaceId));
    if (preset.length) mode = 'pick';
    const name = `${id}-mode`;
    const radios = h('div', { class: 'choices' },
      modeRadio(name, 'all', t('audits.plan.all', { count: spaces.length }), mode === 'all'),
      modeRadio(name, 'floor', t('audits.plan.oneFloor'), mode === 'floor'),
      modeRadio(name, 'pick', t('audits.plan.picked'), mode === 'pick'));
    radios.addEventListener('change', (event) => {
      mode = event.target.value;
      showDetail();
    });
    replace(body, radios, detail);
    showDetail();
  }

  const chosen = () => {
    if (mode === 'floor' && floor) return spaces.filter((s) => s.floor === floor.control.value);
    if (mode === 'pick' && picks) {
      const values = new Set(picks.values());
      return spaces.filter((s) => values.has(s.id));
    }
    return spaces;
  };

  const setError = (message) => {
    errorEl.textContent = message || '';
    errorEl.hidden = !message;
    wrapper.classList.toggle('field--invalid', Boolean(message));
  };
  return {
    wrapper,
    load,
    chosen,
    setError,
    clearError: () => setError(''),
    focus: () => (wrapper.querySelector('input, select') || wrapper).focus(),
  };
}
