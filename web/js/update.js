// Service worker registration, and the "new version" banner that applies an update when the user accepts.
import { h } from './dom.js';
import { t } from './i18n.js';
import { announce } from './live.js';

let reloading = false;

function showBanner(worker) {
  const banners = document.getElementById('banners');
  if (!banners || banners.querySelector('.banner--update')) return;
  const reload = h('button', {
    type: 'button',
    class: 'btn btn--secondary banner__action',
    text: t('update.reload'),
    onclick: () => {
      reloading = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    },
  });
  banners.append(h('div', { class: 'banner banner--update' },
    h('p', { class: 'banner__text', text: t('update.available') }), reload));
  announce(t('update.available'));
}

function watch(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) showBanner(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      // "installed" with a controller in place means a new version waits behind the running one.
      if (worker.state === 'installed' && navigator.serviceWorker.controller) showBanner(worker);
    });
  });
}

export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) window.location.reload();
  });
  try {
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    watch(registration);
    // Look for a new version when the app comes back to the foreground.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
  } catch (error) {
    console.warn('Service worker registration failed', error);
  }
}
