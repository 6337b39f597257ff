// The conversation with the reporter: their messages as "Reporter", the committee's with the member's name
// (shown here to the committee only; the reporter reads "the committee"), and the reply form.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { button } from '../ui/components.js';
import { errorSummary, formErrors, textareaField } from '../ui/form.js';
import { onSubmit } from '../ui/submit.js';
import { dayText } from './common.js';

function sender(message) {
  if (message.from === 'reporter') return t('community.talk.reporter');
  return message.author ? t('community.talk.member', { name: message.author.name }) : t('community.talk.committee');
}

function messageItem(message) {
  return h('li', { class: ['message', `message--${message.from === 'reporter' ? 'reporter' : 'committee'}`], tabindex: '-1' },
    h('p', { class: 'message__head' }, h('strong', { text: sender(message) }), ' · ',
      h('time', { datetime: message.on, text: dayText(message.on) })),
    h('p', { class: 'message__text', text: message.text }));
}

function replyForm(report, onSent) {
  const field = textareaField({
    name: 'reply', label: t('community.talk.label'), hint: t('community.talk.hint'), maxlength: '4000', rows: 4,
  });
  const summary = errorSummary();
  const errors = formErrors({ text: field }, summary);
  const submit = button(t('community.talk.submit'), { type: 'submit' });
  const form = h('form', { class: 'reply-form', novalidate: true }, summary, field.wrapper, h('div', { class: 'actions' }, submit));
  // One id per message being written: sending the same reply twice (a double press, a retry after no
  // answer) is one message on the server.
  let messageId = crypto.randomUUID();
  onSubmit(form, {
    button: submit, errors, busyLabel: t('community.talk.sending'),
    read: () => field.control.value.trim(),
    check: (text) => (text ? null : ['text', t('community.talk.required')]),
    send: (text) => api.post(`/api/community/reports/${encodeURIComponent(report.id)}/messages`, { id: messageId, text }),
    done: () => {
      messageId = crypto.randomUUID();
      field.control.value = '';
      announce(t('community.talk.sent'));
      return onSent();
    },
  });
  return form;
}

/** canReply: the person may answer (community.respond) and the report is still open to messages. */
export function conversationSection(report, { canRespond, onSent }) {
  const messages = report.messages || [];
  const closed = report.closed || report.status === 'spam';
  let foot = null;
  if (!canRespond) foot = h('p', { class: 'muted', text: t('community.talk.readOnly') });
  else if (closed) foot = h('p', { class: 'muted', text: t('community.talk.closed') });
  else foot = replyForm(report, onSent);
  return h('section', { class: 'section', 'aria-labelledby': 'talk-heading' },
    h('h2', { id: 'talk-heading', text: t('community.talk.title') }),
    h('p', { class: 'muted', text: t('community.talk.lead') }),
    messages.length
      ? h('ol', { class: 'messages' }, messages.map(messageItem))
      : h('p', { text: t('community.talk.none') }),
    foot);
}
