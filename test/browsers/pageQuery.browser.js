// Injected by WebDriver's execute script after @testing-library/dom's UMD bundle (the global
// TestingLibraryDom): resolves a test Query (test/browsers/driver.ts) to elements, matching
// as Playwright's locators do, and keeps the page's uncaught errors for the test to read.
(function () {
  const TL = window.TestingLibraryDom;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  // A Text arrives as { s } or { re, flags } (JSON has no RegExp).
  const matcher = (m) => (m.re !== undefined ? new RegExp(m.re, m.flags) : m.s);
  const matches = (text, m) => (m.re !== undefined ? new RegExp(m.re, m.flags).test(norm(text)) : norm(text) === m.s);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD']);

  // The smallest elements whose whole text matches (no element inside them matches too); as
  // with Playwright's getByText, the scope itself is one of the candidates.
  function byText(root, m) {
    const found = [root, ...root.querySelectorAll('*')].filter((el) => !SKIP.has(el.tagName) && matches(el.textContent, m));
    return found.filter((el) => !found.some((other) => other !== el && el.contains(other)));
  }

  function own(q, root) {
    if (q.role !== undefined) return TL.queryAllByRole(root, q.role, q.name === undefined ? {} : { name: matcher(q.name) });
    if (q.label !== undefined) return TL.queryAllByLabelText(root, matcher(q.label));
    if (q.text !== undefined) return byText(root, q.text);
    if (q.testId !== undefined) return Array.from(root.querySelectorAll(`[data-testid="${CSS.escape(q.testId)}"]`));
    return Array.from(root.querySelectorAll(q.css));
  }

  function all(q, roots) {
    const scopes = q.within ? all(q.within, roots) : roots;
    let found = [];
    for (const root of scopes) for (const el of own(q, root)) if (!found.includes(el)) found.push(el);
    if (q.has) found = found.filter((el) => all(q.has, [el]).length > 0);
    if (q.nth !== undefined) found = found[q.nth] ? [found[q.nth]] : [];
    return found;
  }

  function visible(el) {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible';
  }

  /** The one match (strict, as Playwright's locators), or why there is none. */
  function one(q) {
    const found = all(q, [document.body]);
    if (found.length > 1) return { error: `strict: ${found.length} elements match` };
    if (found.length === 0) return { missing: 'no element matches' };
    const el = found[0];
    if (!visible(el)) return { missing: 'not visible' };
    return { el, disabled: el.disabled === true || el.getAttribute('aria-disabled') === 'true' };
  }

  window.__hdndProblems = window.__hdndProblems || [];
  if (!window.__hdndq) {
    window.addEventListener('error', (e) => window.__hdndProblems.push(`pageerror: ${e.message}`));
    window.addEventListener('unhandledrejection', (e) => window.__hdndProblems.push(`pageerror: ${e.reason && e.reason.message ? e.reason.message : e.reason}`));
  }
  window.__hdndq = { all: (q) => all(q, [document.body]), one, visible };
})();
