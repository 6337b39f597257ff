// A checklist's text in one language (web/js/checklists/localize.js): the served content carries every
// language; English is shown, and marked, where a language has no text.
import { langOf, localize } from '/js/checklists/localize.js';
import { assert, test } from './assert.js';

const item = (id, extra = {}) => ({ id, prompt: `${id}?`, type: 'yes_no', guidance: { look_for: `look ${id}`, why: `why ${id}` }, ...extra });
const CONTENT = {
  id: 'x', version: 1, title: 'Lobby', description: 'What to look at.',
  sections: [
    { id: 'walls', title: 'Walls', description: 'Walls first.', items: [item('present', { finding: { when: ['no'] } })] },
    { id: 'signs', title: 'Signs', items: [item('tone', { type: 'single_choice', choices: [{ id: 'warm', label: 'Warm' }, { id: 'cold', label: 'Cold' }] })] },
  ],
  translations: {
    es: {
      title: 'Vestíbulo', description: 'Qué mirar.',
      sections: { walls: { title: 'Paredes', description: 'Primero.' }, signs: { title: 'Letreros' } },
      items: {
        present: { prompt: '¿Hay?', look_for: 'Mire', why: 'Porque' },
        tone: { prompt: '¿Tono?', look_for: 'Lea', choices: { warm: 'Cálido' } },
      },
    },
  },
};

test('every text comes from the language asked for, and nothing is marked', () => {
  const es = localize(CONTENT, 'es');
  assert.equal(es.title, 'Vestíbulo');
  assert.equal(es.translations, undefined);
  assert.deepEqual([es.sections[0].title, es.sections[0].description, es.sections[1].title], ['Paredes', 'Primero.', 'Letreros']);
  const present = es.sections[0].items[0];
  assert.deepEqual([present.prompt, present.guidance.look_for, present.guidance.why], ['¿Hay?', 'Mire', 'Porque']);
  assert.equal(langOf(present, 'prompt'), null);
  assert.deepEqual(present.finding, { when: ['no'] }, 'rules stay the English file\'s');
});

test('a text the language lacks is English, marked lang en', () => {
  const tone = localize(CONTENT, 'es').sections[1].items[0];
  assert.equal(tone.guidance.why, 'why tone');
  assert.equal(langOf(tone, 'why'), 'en');
  assert.equal(langOf(tone, 'prompt'), null);
  assert.deepEqual(tone.choices.map((c) => [c.label, langOf(c, 'label')]), [['Cálido', null], ['Cold', 'en']]);
});

test('a checklist without the language is all English and all marked; in English nothing is marked', () => {
  const fr = localize(CONTENT, 'fr');
  assert.equal(fr.title, 'Lobby');
  assert.equal(langOf(fr, 'title'), 'en');
  assert.equal(langOf(fr.sections[0].items[0], 'prompt'), 'en');
  const en = localize(CONTENT, 'en');
  assert.equal(en.sections[1].items[0].choices[1].label, 'Cold');
  assert.equal(langOf(en.sections[1].items[0].choices[1], 'label'), null);
  assert.equal(langOf(en, 'description'), null);
});

test('content kept on a device before translations existed is shown as it is', () => {
  const { translations, ...old } = CONTENT;
  assert.ok(translations);
  assert.equal(localize(old, 'en').sections[0].items[0].prompt, 'present?');
  assert.equal(localize(old, 'es').sections[0].items[0].prompt, 'present?');
});
