// The audit's spaces with their state, and a search box to find one fast by room number or name.
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { spaceProgress } from '../walk/rules.js';
import { badge } from '../ui/components.js';
import { textField } from '../ui/form.js';
import { spaceLabel, walkHref } from './common.js';

const KINDS = { not_started: 'neutral', in_progress: 'warning', done: 'ok', skipped: 'neutral' };

function stateText(progress, space) {
  if (progress.status === 'skipped') {
    const reason = label('skip_reasons', space.skipped.reason);
    return space.skipped.note ? t('audits.spaceState.skippedWithNote', { reason, note: space.skipped.note }) : t('audits.spaceState.skipped', { reason });
  }
  if (progress.status === 'in_progress') return t('audits.spaceState.in_progress', { answered: progress.answered, count: progress.total });
  return t(`audits.spaceState.${progress.status}`);
}

function row(state, space, index) {
  const progress = spaceProgress(state, space);
  return h('li', { dataset: { search: `${space.room_number} ${space.name}`.toLowerCase() } },
    h('a', { class: 'space-row', href: walkHref(state.audit.id, space.id) },
      h('span', { class: 'space-row__name', text: spaceLabel(space) }),
      h('span', { class: 'space-row__meta', text: t('audits.spaceMeta', { n: index + 1, floor: space.floor }) }),
      h('span', { class: 'space-row__state' }, badge(t(`audits.spaceBadge.${progress.status}`), KINDS[progress.status]),
        h('span', { text: stateText(progress, space) }))));
}

export function spaceList(state) {
  const search = textField({ name: 'space-search', label: t('audits.search'), hint: t('audits.searchHint'), type: 'search', autocomplete: 'off' });
  const count = h('p', { class: 'result-count', id: uid('count') });
  const list = h('ul', { class: 'space-list' }, state.audit.spaces.map((space, index) => row(state, space, index)));
  const none = h('p', { class: 'muted', hidden: true, text: t('audits.noSpaceMatch') });

  const filter = () => {
    const words = search.control.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of list.children) {
      item.hidden = !words.every((word) => item.dataset.search.includes(word));
      shown += item.hidden ? 0 : 1;
    }
    none.hidden = shown > 0;
    count.textContent = t('audits.spaceCount', { count: shown });
  };
  search.control.addEventListener('input', filter);
  filter();
  const form = h('form', { class: 'space-search', role: 'search', 'aria-label': t('audits.searchLabel') }, search.wrapper);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter opens the only match: the fast way to a room whose number is on the door.
    const visible = [...list.children].filter((item) => !item.hidden);
    if (visible.length === 1) visible[0].querySelector('a').click();
  });
  return h('section', { class: 'section', 'aria-labelledby': 'spaces-heading' },
    h('h2', { id: 'spaces-heading', text: t('audits.spacesTitle') }), form, count, none, list);
}
