import type { Engine, Tab, TabOptions } from './driver.js';
import { WebDriverSession } from './webdriver.js';
import { WebDriverTab } from './webdriverTab.js';
import { startWebKitDriver, startXvfb } from './webkitProcesses.js';

/** WebKitGTK's MiniBrowser as Debian ships it, run for automation. */
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const CAPABILITIES = { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } };

/**
 * WebKit through WebDriver: one X server for all its windows; each tab a WebKitWebDriver and
 * MiniBrowser of its own (a driver holds one session, and separate browsers keep separate
 * cookies). `sessionStartMs` records how long each session took to start.
 */
export async function launchWebKit(): Promise<Engine> {
  const xvfb = await startXvfb();
  const open = new Set<Tab>();
  const sessionStartMs: number[] = [];
  return {
    name: 'webkit',
    sessionStartMs,
    async open({ origin, viewport, cookie }: TabOptions) {
      const driver = await startWebKitDriver(xvfb.display);
      try {
        const started = Date.now();
        const session = await WebDriverSession.create(driver.base, CAPABILITIES);
        sessionStartMs.push(Date.now() - started);
        const tab: Tab = new WebDriverTab(session, origin, async () => {
          open.delete(tab);
          await driver.stop();
        });
        open.add(tab);
        await fitViewport(session, viewport.width, viewport.height);
        if (cookie) {
          // A cookie is set for the page's own origin: visit a light page of it first.
          await session.navigate(`${origin}/healthz`);
          const eq = cookie.indexOf('=');
          await session.addCookie(cookie.slice(0, eq), cookie.slice(eq + 1));
        }
        return tab;
      } catch (err) {
        await driver.stop();
        throw err;
      }
    },
    async close() {
      await Promise.all([...open].map((t) => t.close()));
      await xvfb.stop();
    },
  };
}

/** Sizes the window so its page area (the viewport) is width × height: MiniBrowser's toolbar takes the rest. */
async function fitViewport(session: WebDriverSession, width: number, height: number) {
  await session.setWindowSize(width, height);
  const [innerW, innerH] = await session.execute<[number, number]>('return [window.innerWidth, window.innerHeight];');
  if (innerW !== width || innerH !== height) await session.setWindowSize(2 * width - innerW, 2 * height - innerH);
}
