// How fresh the copy kept for offline use is, and a way to refresh it while there is signal.
import { h, replace } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { offlineCopy, onOfflineCopyChange, refreshing, refreshOfflineCopy } from '../store/offline-copy.js';
import { button } from '../ui/components.js';
import { whileBusy } from '../ui/submit.js';
import { onLeave } from '../audits/common.js';

/** One line: "Kept for offline use: 3 audits and 12 photos, 23 Nov 2026, 10:32." */
export function freshnessLine() {
  const line = h('p', { class: 'freshness', text: '' });
  const draw = async () => {
    const meta = await offlineCopy();
    if (refreshing()) line.textContent = t('offlineCopy.refreshing');
    else if (!meta) line.textContent = t('offlineCopy.none');
    else {
      const at = formatDateTime(new Date(meta.at).toISOString());
      const photos = t('offlineCopy.photos', { count: meta.photos });
      line.textContent = meta.assigned && !meta.audits
        ? t('offlineCopy.lineAssigned', { findings: t('offlineCopy.findings', { count: meta.assigned }), photos, at })
        : t('offlineCopy.line', { audits: t('offlineCopy.audits', { count: meta.audits }), photos, at });
    }
  };
  onLeave(onOfflineCopyChange(draw));
  draw();
  return line;
}

export function freshnessSection() {
  const refresh = button(t('offlineCopy.refresh'), { variant: 'secondary' });
  const result = h('div', { role: 'status' });
  refresh.addEventListener('click', async () => {
    replace(result);
    try {
      const meta = await whileBusy(refresh, t('offlineCopy.refreshing'), () => refreshOfflineCopy({ force: true }));
      announce(t('offlineCopy.done'));
      if (!meta.complete) replace(result, h('p', { class: 'notice', text: t('offlineCopy.incomplete') }));
    } catch {
      replace(result, h('p', { class: 'notice notice--error', text: t('offlineCopy.failed') }));
    }
  });
  return h('section', { class: 'section', 'aria-labelledby': 'offline-copy-heading' },
    h('h2', { id: 'offline-copy-heading', text: t('offlineCopy.title') }),
    h('p', { text: t('offlineCopy.lead') }),
    freshnessLine(), result, h('div', { class: 'actions' }, refresh));
}
