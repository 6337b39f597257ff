// Words for a waiting change, made when the change is queued (while the audit and its checklist are at hand),
// so the list of what waits reads the same after a reload, offline, on any screen.
import { spaceLabel } from '../audits/common.js';
import { t } from '../i18n.js';
import { findItem } from '../walk/rules.js';

function spaceOf(state, spaceId) {
  const space = state && state.audit && (state.audit.spaces || []).find((one) => one.id === spaceId);
  return space ? spaceLabel(space) : '';
}

function itemTitle(state, itemId) {
  const found = state && state.checklist && itemId ? findItem(state.checklist, itemId) : null;
  return found ? found.item.prompt : itemId || '';
}

/** {text, spaceId, itemId}: what the change is and where it belongs (the "Open" link of the list). */
export function describe(record, state) {
  const audit = (state && state.audit && state.audit.title) || '';
  const body = record.body || {};
  switch (record.kind) {
    case 'response':
      return { text: t('sync.what.response', { item: itemTitle(state, body.item_id), space: spaceOf(state, body.space_id) }),
        spaceId: body.space_id, itemId: body.item_id };
    case 'finding': {
      const finding = state && state.findings.get(record.id);
      return { text: t('sync.what.finding', { title: body.title, space: spaceOf(state, body.space_id) }),
        spaceId: body.space_id, itemId: body.item_id || (finding && finding.item_id) || null };
    }
    case 'withdraw': {
      const finding = state && state.findings.get(record.id);
      return { text: t('sync.what.withdraw', { title: finding ? finding.title : '' }), spaceId: finding && finding.space_id };
    }
    case 'photo':
      return { text: t('sync.what.photo', { audit }) };
    case 'caption':
      return { text: t('sync.what.caption', { caption: body.caption }) };
    case 'skip':
      return { text: t(body.skipped ? 'sync.what.skip' : 'sync.what.unskip', { space: spaceOf(state, record.id) }), spaceId: record.id };
    case 'transition':
      return { text: t(`sync.what.${body.to}`, { audit }) };
    case 'audit':
      return { text: t('sync.what.audit', { audit: body.title }) };
    default:
      return { text: record.kind };
  }
}
