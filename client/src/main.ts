import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { locale } from './lib/i18n/index.js';
import { startRouter } from './lib/router.svelte.js';
import { checkSession } from './lib/auth/login.svelte.js';
import { pageAt } from './lib/routes.js';
import { prefetchDocument } from './lib/viewer/prefetch.js';
import { registerServiceWorker } from './lib/viewer/serviceWorker.js';

document.documentElement.lang = locale.current;
startRouter();
// A document opened straight from its address starts loading beside the sign-in check.
const first = pageAt(location.pathname);
if (first.name === 'viewer') prefetchDocument(first.documentId, Number(/^#trang=(\d+)$/.exec(location.hash)?.[1] ?? 1));
void checkSession();
registerServiceWorker();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
export default mount(App, { target });
