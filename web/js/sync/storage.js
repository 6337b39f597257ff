// How much this device keeps for the app, and whether the browser has promised to keep it under pressure.
import { h, replace } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { button } from '../ui/components.js';

const megabytes = (bytes) => formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10);

async function facts() {
  const storage = navigator.storage;
  if (!storage || !storage.estimate) return null;
  const [estimate, persisted] = await Promise.all([
    storage.estimate().catch(() => null),
    storage.persisted ? storage.persisted().catch(() => false) : Promise.resolve(false),
  ]);
  return { estimate, persisted };
}

export function storageSection() {
  const body = h('div', {});
  const draw = async () => {
    const known = await facts();
    if (!known) return replace(body, h('p', { text: t('storage.unknown') }));
    const { estimate, persisted } = known;
    const keep = button(t('storage.persist'), { variant: 'secondary' });
    keep.addEventListener('click', async () => {
      const granted = await navigator.storage.persist().catch(() => false);
      await draw();
      body.querySelector('p').focus();
      if (!granted) body.append(h('p', { class: 'notice', text: t('storage.refused') }));
    });
    return replace(body,
      h('p', { tabindex: '-1', text: estimate ? t('storage.used', { used: megabytes(estimate.usage || 0), quota: megabytes(estimate.quota || 0) }) : t('storage.unknown') }),
      h('p', { text: t(persisted ? 'storage.persisted' : 'storage.notPersisted') }),
      persisted || !navigator.storage.persist ? null : h('div', { class: 'actions' }, keep));
  };
  draw();
  return h('section', { class: 'section', 'aria-labelledby': 'storage-heading' },
    h('h2', { id: 'storage-heading', text: t('storage.title') }), body);
}
