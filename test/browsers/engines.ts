import { launchChromium, launchFirefox } from '../e2e/browser.js';
import type { Engine, EngineName } from './driver.js';
import { playwrightEngine } from './playwrightTab.js';
import { launchWebKit } from './webkitEngine.js';

/** The engine by name, launched: Chromium and Firefox through Playwright, WebKit through WebDriver. */
export async function launchEngine(name: EngineName): Promise<Engine> {
  if (name === 'webkit') return launchWebKit();
  return playwrightEngine(name, name === 'firefox' ? await launchFirefox() : await launchChromium());
}
