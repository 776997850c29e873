import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/testServer.js';
import { seedDemoIfEmpty, DEMO_LOGINS, DEMO_PASSWORD } from '../../server/src/seed/demo.js';
import { buildClient, launchChromium, screenshot, watchProblems } from './browser.js';

/** What a stranger sees after `npm start`: the seeded demo, signed in with a printed login. */
describe('the seeded demo in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let distDir: string;

  beforeAll(async () => {
    distDir = await buildClient();
    server = await startTestServer({ env: { CLIENT_DIST: distDir } });
    expect(await seedDemoIfEmpty(server.deps)).toBe(true);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  it('the demo chair signs in with the printed login and sees the province council and the upcoming session', async () => {
    const chair = DEMO_LOGINS.find((d) => d.role === 'chair')!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(server.url + '/');
    await page.getByLabel('Email hoặc số điện thoại').fill(chair.login);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Kỳ họp của tôi').waitFor();
    await page.getByText('Đã kết nối').waitFor();
    // The session list loads after the shell: wait for it rather than read a loading state.
    await page.getByText(/Kỳ họp thứ 25/).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Hội đồng nhân dân tỉnh Sông Hồng');
    expect(text).toContain('Chủ tọa');
    // The chair is also an elected delegate: one card for the council with both roles.
    const cards = page.locator('li[data-council-id]');
    expect(await cards.count()).toBe(1);
    expect(await cards.first().innerText()).toMatch(/Chủ tọa[\s\S]*Đại biểu/);
    expect(text).toMatch(/Kỳ họp thứ 25/);
    await screenshot(page, 'demo-home-chair.png');
    expect(problems).toEqual([]);
    await context.close();
  });
});
