import { firefox } from 'playwright-firefox';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import type { Engine, EngineName } from './driver.js';
import { playwrightEngine } from './playwrightTab.js';
import { launchWebKit } from './webkitEngine.js';

/**
 * Debian's Firefox ESR through playwright-core 1.64 (installed as `playwright-firefox`: 1.65's
 * protocol does not match this Firefox), headless.
 */
async function launchFirefox(): Promise<Browser> {
  const browser = await firefox.launch({
    channel: 'moz-firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    firefoxUserPrefs: { 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  // The same protocol client as playwright-core, a minor version older: the types differ only nominally.
  return browser as unknown as Browser;
}

/** The engine by name, launched: Chromium and Firefox through Playwright, WebKit through WebDriver. */
export async function launchEngine(name: EngineName): Promise<Engine> {
  if (name === 'webkit') return launchWebKit();
  return playwrightEngine(name, name === 'firefox' ? await launchFirefox() : await launchChromium());
}
