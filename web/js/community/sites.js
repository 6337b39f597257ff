// Administrators' side of community reports, on the Spaces screens: turn reports on or off per campus and
// per building (a building may follow its campus), print posters, and show or renew a space's public code.
import { api } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { buildingLabel } from '../spaces/places.js';
import { button, fill, linkButton, notice } from '../ui/components.js';
import { errorSummary, formErrors, radioGroup } from '../ui/form.js';
import { busy, isBusy, onSubmit } from '../ui/submit.js';

const onOff = (value) => t(value ? 'community.sites.isOn' : 'community.sites.isOff');
const path = (...parts) => `/api/${parts.map(encodeURIComponent).join('/')}`;

/** A small form of one setting (radio buttons and Save), saved with PATCH; onSaved(updated). */
function settingForm({ legend, hint, options, value, save, onSaved }) {
  const field = radioGroup({ name: 'community', legend, hint, options, value });
  const summary = errorSummary();
  const errors = formErrors({ community_reports: field }, summary);
  const submit = button(t('community.sites.save'), { type: 'submit', variant: 'secondary' });
  const form = h('form', { class: 'setting-form', novalidate: true }, summary, field.wrapper, h('div', { class: 'actions' }, submit));
  onSubmit(form, { button: submit, errors, read: () => field.value(), send: save, done: onSaved });
  return form;
}

function campusForm(campus, onSaved) {
  return h('div', { class: 'setting' },
    h('h2', { class: 'setting__title', text: t('community.sites.campusTitle', { name: campus.name }) }),
    settingForm({
      legend: t('community.sites.campusLegend', { name: campus.name }),
      hint: t('community.sites.campusHint'),
      value: campus.community_reports ? 'on' : 'off',
      options: [{ value: 'on', label: t('community.sites.on') }, { value: 'off', label: t('community.sites.off') }],
      save: (value) => api.patch(path('campuses', campus.id), { community_reports: value === 'on' }),
      onSaved: (updated) => {
        Object.assign(campus, updated);
        onSaved(t('community.sites.campusSaved', { name: campus.name, state: onOff(campus.community_reports) }));
      },
    }));
}

const BUILDING_VALUES = { on: true, off: false, campus: null };

function buildingForm(building, campus, onSaved) {
  const current = building.community_reports === true ? 'on' : building.community_reports === false ? 'off' : 'campus';
  const label = buildingLabel(building);
  return h('div', { class: 'setting' },
    h('h2', { class: 'setting__title', text: t('community.sites.buildingTitle', { name: label }) }),
    h('p', { class: 'setting__now', text: t('community.sites.buildingNow', { state: onOff(building.community_reports_effective) }) }),
    settingForm({
      legend: t('community.sites.buildingLegend', { name: label }),
      value: current,
      options: [
        { value: 'on', label: t('community.sites.on') },
        { value: 'off', label: t('community.sites.off') },
        { value: 'campus', label: t('community.sites.asCampus', { name: campus ? campus.name : '', state: onOff(campus && campus.community_reports) }) },
      ],
      save: (value) => api.patch(path('buildings', building.id), { community_reports: BUILDING_VALUES[value] }),
      onSaved: (updated) => {
        Object.assign(building, updated);
        onSaved(t('community.sites.buildingSaved', { name: label, state: onOff(building.community_reports_effective) }));
      },
    }),
    h('div', { class: 'actions' },
      linkButton(t('community.sites.posters'), path('buildings', building.id, 'posters.pdf'), { download: '' })),
    h('p', { class: 'field-hint', text: t('community.sites.postersHint') }));
}

/**
 * The Spaces screen's panel: the chosen campus's setting and the chosen building's (with its posters).
 * Returns {panel, show(campusId, buildingId)}, called whenever the filters change.
 */
export function communitySettings({ places, open = false }) {
  const status = h('div', {});
  const body = h('div', {});
  const panel = h('details', { class: 'help community-settings', open },
    h('summary', { text: t('community.sites.title') }),
    h('p', { class: 'muted', text: t('community.sites.lead') }), status, body);
  let shown = ['', ''];
  const saved = (message) => {
    fill(status, notice(message, 'success'));
    announce(message);
    draw();
  };
  const draw = () => {
    const [campusId, buildingId] = shown;
    const building = places.buildings.find((b) => b.id === buildingId);
    const campusOf = building ? building.campus.id : campusId || (places.campuses.length === 1 ? places.campuses[0].id : '');
    const campus = places.campuses.find((c) => c.id === campusOf);
    // Keep the focus where it was (the Save button of the form just saved) across the redraw.
    const focused = body.contains(document.activeElement) ? document.activeElement.closest('.setting') : null;
    const index = focused ? [...body.querySelectorAll('.setting')].indexOf(focused) : -1;
    body.replaceChildren(
      campus ? campusForm(campus, saved) : h('p', { text: t('community.sites.chooseCampus') }),
      building ? buildingForm(building, campus, saved) : h('p', { text: t('community.sites.chooseBuilding') }));
    if (index >= 0) body.querySelectorAll('.setting')[index]?.querySelector('button[type=submit]')?.focus();
  };
  return {
    panel,
    show(campusId, buildingId) {
      shown = [campusId, buildingId];
      fill(status);
      draw();
    },
  };
}

/** A space's public code, its poster, and renewing the code (old posters then say they are out of date). */
export function spaceCommunitySection(space, building) {
  const body = h('div', {});
  const section = h('section', { class: 'section', 'aria-labelledby': 'community-space-heading' },
    h('h2', { id: 'community-space-heading', text: t('community.sites.spaceTitle') }), body);
  let code = space.public_code || '';
  let message = null;

  const idle = (focusRenew = false) => {
    const renew = button(t(code ? 'community.sites.renew' : 'community.sites.create'), { variant: 'secondary', onclick: () => (code ? confirm() : renewNow()) });
    const compact = code.replace(/[-\s]/g, '');
    fill(body, message,
      building ? h('p', { class: 'setting__now' }, t('community.sites.spaceNow', { state: onOff(building.community_reports_effective) }), ' ',
        h('a', { href: `#/spaces?building=${encodeURIComponent(building.id)}&community=1`, text: t('community.sites.change') })) : null,
      code
        ? h('p', {}, t('community.sites.codeIs'), ' ', h('strong', { class: 'report-code public-code', text: code }))
        : h('p', { text: t('community.sites.noCode') }),
      code ? h('p', {}, h('a', { href: `/r/${encodeURIComponent(compact)}`, target: '_blank', rel: 'noopener', text: t('community.sites.openPage') })) : null,
      h('div', { class: 'actions' },
        code ? linkButton(t('community.sites.poster'), path('spaces', space.id, 'poster.pdf'), { download: '' }) : null,
        linkButton(t('community.sites.buildingPosters'), path('buildings', space.building.id, 'posters.pdf'), { download: '' }),
        renew));
    if (focusRenew) renew.focus();
  };

  const renewNow = async (confirmButton) => {
    if (confirmButton && isBusy(confirmButton)) return;
    if (confirmButton) busy(confirmButton, true, t('common.saving'));
    try {
      const answer = await api.post(path('spaces', space.id, 'public-code'), {});
      code = answer.public_code || answer.code_display || answer.code || '';
      message = notice(t('community.sites.renewed', { code }), 'success', { tabindex: '-1' });
      idle();
      message.focus();
    } catch (error) {
      if (confirmButton) busy(confirmButton, false);
      message = notice(errorMessage(error), 'error', { tabindex: '-1' });
      idle();
      message.focus();
    }
  };

  const confirm = () => {
    const heading = h('h3', { id: 'renew-heading', tabindex: '-1', text: t('community.sites.renewTitle') });
    const yes = button(t('community.sites.renewYes'), { variant: 'danger' });
    yes.addEventListener('click', () => renewNow(yes));
    fill(body, h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'renew-heading' },
      heading,
      h('p', { text: t('community.sites.renewText', { code }) }),
      h('div', { class: 'actions' }, yes, button(t('common.cancel'), { variant: 'secondary', onclick: () => idle(true) }))));
    heading.focus();
  };

  idle();
  return section;
}
