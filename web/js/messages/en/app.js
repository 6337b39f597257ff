// The frame of the app: its name, shared words, errors in general, the header, navigation, offline and logout.
import errorCodes from './errors.js';

export default {
  app: {
    name: 'Spaces Audit',
    titleWith: '{page} · Spaces Audit',
    language: 'Language',
  },
  common: {
    cancel: 'Cancel',
    close: 'Close',
    home: 'Go to your home screen',
    loading: 'Loading…',
    retry: 'Try again',
    saving: 'Saving…',
    showMore: { one: 'Show 1 more', other: 'Show {count} more' },
  },
  time: {
    seconds: { one: '1 second', other: '{count} seconds' },
    minutes: { one: '1 minute', other: '{count} minutes' },
  },
  errors: {
    generic: 'Something went wrong (error {status}). Try again; if it keeps happening, tell your administrator.',
    network: 'The server could not be reached. Check your connection and try again.',
    rateLimited: 'Too many attempts. Wait a little and try again.',
    rateLimitedFor: 'Too many attempts. Try again in {time}.',
    unexpected: 'Something unexpected went wrong. Reload the page and try again.',
    codes: errorCodes, // every code the API answers with, in errors.js
  },
  shell: {
    skip: 'Skip to main content',
    navLabel: 'Main',
    loggedInAs: 'Logged in as ',
    logout: 'Log out',
    logoutFailed: 'Could not log out: {reason}',
    menu: 'Menu',
  },
  nav: {
    home: 'Home',
    audits: 'Audits',
    dashboard: 'Dashboard',
    findings: 'Findings',
    community: 'Community reports',
    schedules: 'Schedules',
    myItems: 'My items',
    inbox: 'Inbox',
    spaces: 'Spaces',
    users: 'Users',
    import: 'Import',
    progress: 'Progress page',
  },
  update: {
    available: 'A new version of Spaces Audit is ready.',
    reload: 'Use the new version',
  },
  offline: {
    short: 'You are offline: your work is kept here',
    more: 'What you see was saved on this device. Audit answers, skips, findings, work on your items and comments are kept here and sent when the connection returns; other changes need a connection.',
    title: 'You are offline',
    text: 'Spaces Audit cannot reach the server and this device has no saved login. Connect to the internet and try again.',
  },
  notFound: {
    title: 'Page not found',
    text: 'There is nothing at this address. It may have been mistyped, or the page may have moved.',
  },
  forbidden: {
    title: 'Not available to your roles',
    text: 'This screen is for other roles. If you need it for your work, ask an administrator to add the role to your account.',
  },
  storage: {
    title: 'Storage on this device',
    used: 'This app uses {used} MB of the {quota} MB the browser allows it.',
    unknown: 'This browser does not say how much it stores.',
    persisted: 'The browser has agreed to keep this data even when the device runs short of space.',
    notPersisted: 'The browser may erase this data when the device runs short of space. Send your changes regularly.',
    persist: 'Ask the browser to keep this data',
    refused: 'The browser did not agree. Installing the app on the home screen usually lets it keep the data.',
  },
  logout: {
    title: 'Log out with changes not yet sent?',
    waiting: { one: '1 change made on this device has not reached the server yet.', other: '{count} changes made on this device have not reached the server yet.' },
    kept: 'If you log out now they stay on this device, and are sent the next time you log in here. Nobody else who logs in on this device sends them.',
    send: 'Stay and send them',
    anyway: 'Log out and keep them here',
    list: 'See the changes',
  },
};
