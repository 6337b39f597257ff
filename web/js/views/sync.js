// "Changes on this device": what waits to be sent, what the server refused (with its words and a way to fix,
// retry or discard it), how fresh the offline copy is, and how much this device keeps.
import { walkHref } from '../audits/common.js';
import { h, replace } from '../dom.js';
import { problemText } from '../errors.js';
import { formatDateTime, formatNumber, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { subscribe } from '../store/audits.js';
import { discardChange, retryChange, sendNow, syncStatus } from '../store/store.js';
import { syncWords, waitedTooLong } from '../sync/bar.js';
import { freshnessSection } from '../sync/freshness.js';
import { storageSection } from '../sync/storage.js';
import { pendingRecords } from '../store/outbox.js';
import { button, emptyState, notice, pageHeading } from '../ui/components.js';
import { onLeave } from '../audits/common.js';

const when = (ms) => formatDateTime(new Date(ms).toISOString());

function shown(value) {
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined || value === '') return t('sync.empty');
  return String(value);
}

function conflictText(attention) {
  return attention.lost.map(({ field, mine, theirs }) => t('sync.lost', {
    field: t(`sync.fields.${field}`), mine: shown(mine), theirs: shown(theirs),
  })).join(' ');
}

function attentionText(record) {
  const { attention } = record;
  if (attention.kind === 'conflict') {
    return t('sync.conflictHeld', { by: attention.theirs.by || t('sync.someone'), at: formatDateTime(attention.theirs.at) })
      + ' ' + conflictText(attention);
  }
  if (attention.kind === 'state') {
    return t(attention.work ? 'work.sync.stateHeld' : 'sync.stateHeld', { status: label('finding_states', attention.theirs.status) });
  }
  return problemText(attention);
}

// Discarding loses what the person entered: it takes a second, explicit press.
function discardButton(record, row) {
  const discard = button(t('sync.discard'), { variant: 'quiet' });
  discard.addEventListener('click', () => {
    const sure = button(t('sync.discardSure'), { variant: 'danger' });
    const keep = button(t('sync.keep'), { variant: 'secondary' });
    sure.addEventListener('click', async () => {
      await discardChange(record.seq);
      announce(t('sync.discarded'));
    });
    keep.addEventListener('click', () => replace(row, ...actions(record, row)));
    replace(row, h('p', { class: 'sync-item__confirm', text: t('sync.discardQuestion') }), sure, keep);
    sure.focus();
  });
  return discard;
}

function actions(record, row) {
  const { attention, label = {} } = record;
  const href = label.href || (label.spaceId && record.auditId ? walkHref(record.auditId, label.spaceId, label.itemId) : null);
  const open = href ? h('a', { class: 'btn btn--secondary', href, text: t('sync.open') }) : null;
  const retry = attention.kind === 'state' ? null
    : button(t(attention.kind === 'conflict' ? 'sync.useMine' : 'sync.retry'), { variant: 'secondary' });
  if (retry) {
    retry.addEventListener('click', async () => {
      await retryChange(record.seq);
      announce(t('sync.retried'));
    });
  }
  return [open, retry, discardButton(record, row)].filter(Boolean);
}

function attentionList(held) {
  return h('ul', { class: 'sync-list' }, held.map((record) => {
    const row = h('div', { class: 'actions' });
    replace(row, ...actions(record, row));
    return h('li', { class: 'sync-item sync-item--attention' },
      h('p', { class: 'sync-item__what', text: (record.label && record.label.text) || record.kind }),
      h('p', { class: 'sync-item__why', text: attentionText(record) }),
      h('p', { class: 'sync-item__when', text: t('sync.madeAt', { at: when(record.madeAt) }) }),
      row);
  }));
}

function waitingList(records) {
  return h('ol', { class: 'sync-list' }, records.map((record) => h('li', { class: 'sync-item' },
    h('p', { class: 'sync-item__what', text: (record.label && record.label.text) || record.kind }),
    h('p', { class: 'sync-item__when', text: t('sync.madeAt', { at: when(record.madeAt) }) }))));
}

function statusSection(status) {
  const { text, kind } = syncWords(status);
  const send = button(t('sync.sendNow'), { variant: 'primary' });
  send.addEventListener('click', () => {
    sendNow();
    announce(t('sync.sending'));
  });
  return h('section', { class: 'section', 'aria-labelledby': 'sync-now-heading' },
    h('h2', { id: 'sync-now-heading', text: t('sync.now') }),
    h('p', { class: `sync-page__status sync--${kind}`, text }),
    status.retryAt ? h('p', { class: 'muted', text: t('sync.nextTry', { at: when(status.retryAt) }) }) : null,
    waitedTooLong(status) ? notice(t('sync.tooLong'), 'error') : null,
    status.pending ? h('div', { class: 'actions' }, send) : null);
}

export function render({ setTitle }) {
  setTitle(t('sync.title'));
  const live = h('div', {});
  const draw = () => {
    const status = syncStatus();
    const waiting = pendingRecords();
    replace(live,
      statusSection(status),
      h('section', { class: 'section', 'aria-labelledby': 'sync-attention-heading' },
        h('h2', { id: 'sync-attention-heading', text: t('sync.attentionTitle', { count: status.held }) }),
        status.held ? [h('p', { text: t('sync.attentionLead') }), attentionList(status.attention)]
          : emptyState(t('sync.noAttentionTitle'), t('sync.noAttentionText'))),
      h('section', { class: 'section', 'aria-labelledby': 'sync-waiting-heading' },
        h('h2', { id: 'sync-waiting-heading', text: t('sync.waitingTitle', { count: formatNumber(waiting.length) }) }),
        waiting.length ? waitingList(waiting) : emptyState(t('sync.noneWaitingTitle'), t('sync.noneWaitingText'))));
  };
  const stop = subscribe((event) => {
    if (event.type !== 'audit') draw();
  });
  onLeave(stop);
  draw();
  return h('div', { class: 'sync-page' },
    pageHeading(t('sync.title')),
    h('p', { class: 'lead', text: t('sync.lead') }),
    live,
    freshnessSection(),
    storageSection());
}
