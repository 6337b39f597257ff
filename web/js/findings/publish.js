// Publishing a verified fix on the public progress page (committee: progress.publish): choose the before and
// the after photo, blur them first if they are not (the server refuses unblurred photos), publish; or take a
// published pair off the page. Each is an event in the finding's history. Online only.
import { request } from '../api.js';
import { h, uid } from '../dom.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { button, fill, notice } from '../ui/components.js';
import { redactionEditor } from '../walk/redact.js';
import { when } from './common.js';

function choice(name, photos, chosen, onBlur) {
  const legendId = uid('legend');
  return h('fieldset', { class: 'publish__choice', 'aria-labelledby': legendId },
    h('legend', { id: legendId, text: t(`progress.publish.${name}`) }),
    h('ul', { class: 'publish__photos' }, photos.map((photo, index) => {
      const id = uid('photo');
      const state = t(photo.redacted ? 'progress.publish.blurred' : 'progress.publish.notBlurred');
      return h('li', { class: 'publish__photo' },
        h('input', { type: 'radio', id, name: `${name}-photo`, value: photo.id, checked: photo.id === chosen }),
        h('label', { for: id },
          h('img', { src: photo.urls.thumb, alt: '', width: '96', height: '72' }),
          h('span', { text: `${t('progress.publish.photo', { n: index + 1 })} · ${state}` })),
        photo.redacted ? null : button(t('progress.publish.blur', { n: index + 1 }), {
          variant: 'secondary', onclick: () => onBlur(photo, index + 1),
        }));
    })));
}

/** The section on a verified finding's page; null for anyone else or any other state. */
export function publishSection(finding, { onChanged }) {
  if (!session.can('progress.publish') || finding.status !== 'verified' || !finding.photos) return null;
  const pub = finding.publication || null;
  const evidence = finding.photos.evidence || [];
  const after = [...(finding.photos.after || [])].reverse(); // the latest after-photo first
  const status = h('div', { role: 'status' });
  const editor = h('div', {});
  const stateText = pub && pub.published ? t('progress.publish.isPublished', { when: when(pub.changed_at) })
    : pub ? t('progress.publish.wasWithdrawn', { when: when(pub.changed_at) }) : t('progress.publish.notPublished');

  const send = async (method, json, doneKey, control) => {
    if (!navigator.onLine) return fill(status, notice(t('progress.publish.offline'), 'error'));
    control.disabled = true;
    try {
      await request(method, `/api/findings/${encodeURIComponent(finding.id)}/publication`, { json });
    } catch (error) {
      control.disabled = false;
      return fill(status, notice(errorMessage(error), 'error'));
    }
    announce(t(doneKey));
    return onChanged(t(doneKey));
  };

  const blur = (photo, n) => {
    const { root, focus } = redactionEditor(photo.id, {
      n, level: 3, photo,
      onDone: () => onChanged(null),
      onCancel: () => fill(editor),
    });
    fill(editor, root);
    focus();
  };

  let body;
  if (pub && pub.published) {
    const withdraw = button(t('progress.publish.withdraw'), { variant: 'secondary' });
    withdraw.addEventListener('click', () => send('DELETE', undefined, 'progress.publish.withdrawnDone', withdraw));
    body = h('div', { class: 'actions' }, withdraw);
  } else if (!evidence.length || !after.length) {
    body = h('p', { class: 'muted', text: t('progress.publish.noPhotos') });
  } else {
    const submit = button(t('progress.publish.submit'), { type: 'submit' });
    const form = h('form', { class: 'publish', novalidate: true },
      h('p', { class: 'field-hint', text: t('progress.publish.hint') }),
      choice('before', evidence, (pub && pub.before_photo_id) || evidence[0].id, blur),
      choice('after', after, (pub && pub.after_photo_id) || after[0].id, blur),
      h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const picked = (name) => (form.querySelector(`input[name="${name}-photo"]:checked`) || {}).value;
      send('PUT', { before_photo_id: picked('before'), after_photo_id: picked('after') }, 'progress.publish.published', submit);
    });
    body = form;
  }
  return h('section', { class: 'section', 'aria-labelledby': 'publish-heading' },
    h('h2', { id: 'publish-heading', text: t('progress.publish.title') }),
    h('p', { text: stateText }), status, body, editor);
}
