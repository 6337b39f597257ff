// A small, honest line on the walk screens: are the person's changes on the server yet? And any change the
// server refused, in its own words, until the person has read it.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { dismissRefusals, subscribe, syncStatus } from '../store/store.js';
import { button } from '../ui/components.js';
import { onLeave } from './common.js';

function words({ pending, state }) {
  if (!pending) return { text: t('sync.saved'), kind: 'saved' };
  if (state === 'waiting') return { text: t('sync.offline', { count: pending }), kind: 'waiting' };
  if (state === 'paused') return { text: t('sync.loggedOut', { count: pending }), kind: 'waiting' };
  return { text: t('sync.pending', { count: pending }), kind: 'pending' };
}

export function syncLine() {
  const line = h('p', { class: 'sync' });
  const problems = h('div', {});
  const root = h('div', { class: 'sync-status' }, line, problems);

  const render = () => {
    const status = syncStatus();
    const { text, kind } = words(status);
    line.className = `sync sync--${kind}`;
    line.textContent = text;
    if (!status.refusals.length) return replace(problems);
    replace(problems, h('div', { class: 'notice notice--error' },
      h('p', { text: t('sync.refusedTitle', { count: status.refusals.length }) }),
      h('ul', { class: 'problems' }, status.refusals.map((refusal) => h('li', { text: refusal.message }))),
      button(t('sync.dismiss'), { variant: 'secondary', onclick: dismissRefusals })));
  };
  const stop = subscribe((event) => {
    if (event.type !== 'audit') render();
  });
  onLeave(stop);
  render();
  return root;
}
