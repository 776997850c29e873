import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { locale } from './lib/i18n/index.js';
import { startRouter } from './lib/router.svelte.js';
import { checkSession } from './lib/auth/login.svelte.js';
import { registerServiceWorker } from './lib/viewer/serviceWorker.js';

/** The app itself, loaded by main.ts once a document's loading is under way. */
document.documentElement.lang = locale.current;
startRouter();
void checkSession();
registerServiceWorker();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
mount(App, { target });
