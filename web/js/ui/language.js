// Choosing the language: the switch on the login screen and in the header, and following the profile.
//
// The switch offers the other languages, each named in its own words and marked with its `lang`, so a person
// who cannot read the current one still finds theirs. A choice is kept on the device at once and, when someone
// is logged in, in their profile; made offline, it is sent to the profile once the server answers again
// (until then the device's choice wins over the profile's).
import { h } from '../dom.js';
import { askedInAddress, currentLocale, known, LANGUAGE_NAMES, LANGUAGES, rememberOnDevice, t, useLanguage } from '../i18n.js';
import { session } from '../session.js';

const UNSAVED = 'spaces-audit.lang-unsaved';

function unsaved(value) {
  try {
    if (value === undefined) return window.localStorage.getItem(UNSAVED);
    if (value) window.localStorage.setItem(UNSAVED, value);
    else window.localStorage.removeItem(UNSAVED);
  } catch {
    // storage blocked: the profile is tried once, now
  }
  return null;
}

async function saveToProfile(tag) {
  try {
    await session.saveLanguage(tag);
    unsaved('');
  } catch {
    unsaved(tag);
  }
}

/** Show the app in this language from now on, on this device and in the person's profile. */
export async function chooseLanguage(tag) {
  const lang = await useLanguage(tag);
  rememberOnDevice(lang);
  // Chosen before logging in, or offline: the profile takes it as soon as it can.
  if (session.user && !session.offline) await saveToProfile(lang);
  else unsaved(lang);
  return lang;
}

/** Once the person is known: their profile's language, or the choice they made offline sent to it. */
export async function followProfile() {
  const user = session.user;
  if (!user || askedInAddress()) return;
  // Saving to the profile changes nothing on screen: the first screen does not wait for it.
  const pending = known(unsaved());
  if (pending && !session.offline) {
    saveToProfile(pending);
    return;
  }
  if (pending) return;
  if (user.lang && known(user.lang)) {
    await useLanguage(user.lang);
    rememberOnDevice(user.lang);
  } else if (!session.offline) {
    // No choice made yet: the language the app opened in (the browser's) becomes the profile's.
    saveToProfile(currentLocale());
  }
}

/** Buttons for the languages other than the current one (a group labelled "Language"). */
export function languageSwitch({ className = '' } = {}) {
  const others = LANGUAGES.filter((tag) => tag !== currentLocale());
  return h('div', { class: `language-switch ${className}`.trim(), role: 'group', 'aria-label': t('app.language') },
    others.map((tag) => h('button', {
      type: 'button', class: 'btn btn--quiet language-switch__option', lang: tag, text: LANGUAGE_NAMES[tag],
      onclick: () => chooseLanguage(tag),
    })));
}
