import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { locale } from './lib/i18n/index.js';
import { startRouter } from './lib/router.svelte.js';
import { checkSession } from './lib/session.svelte.js';

document.documentElement.lang = locale.current;
startRouter();
void checkSession();

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
export default mount(App, { target });
