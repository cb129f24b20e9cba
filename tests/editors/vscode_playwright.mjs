// Drives code-server (VS Code's web build) with our blamelint extension in Debian's headless
// Chromium via playwright-core. Run by vscode_test.sh.
// Usage: node vscode_playwright.mjs URL OUT_DIR
// Env: LIBS_DIR (node_modules with playwright-core), TEST_FILE_NAME (postmortem.md), EXPECT_TEXT,
//      EXPECT_SOURCE, EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER, EXPECT_TEXT2 + EXPECT_CODE2 (a
//      second diagnostic: squiggle and Problems row only), TAP_LOG (lsp_tap.py log: enables
//      the settings/restart checks), USER_SETTINGS (settings.json to edit live), CHROMIUM,
//      UI_TIMEOUT_MS
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.env.LIBS_DIR || process.cwd(), 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');
const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const [url, outDir] = process.argv.slice(2);
const fileName = env('TEST_FILE_NAME', 'postmortem.md');
const expectText = env('EXPECT_TEXT', 'just');
const expectText2 = env('EXPECT_TEXT2');
const expectCode2 = env('EXPECT_CODE2');
const expectSource = env('EXPECT_SOURCE', 'blamelint');
const expectMessage = env('EXPECT_MESSAGE');
const expectCode = env('EXPECT_CODE');
const expectAfter = env('EXPECT_AFTER');
const tapLog = env('TAP_LOG');
const userSettings = env('USER_SETTINGS');
const serverPath = env('SERVER_PATH');
const T = Number(env('UI_TIMEOUT_MS', '60000'));
const wsFile = path.join(outDir, 'ws', fileName);
const original = fs.readFileSync(wsFile, 'utf8');
// where VS Code will report the phrase: 1-based line and UTF-16 column (JS strings are UTF-16)
const lines = original.split('\n');
const expLine = lines.findIndex((l) => l.includes(expectText));
const expCol = lines[expLine].indexOf(expectText);
const expLine2 = expectText2 ? lines.findIndex((l) => l.includes(expectText2)) : -1;
const expCol2 = expLine2 >= 0 ? lines[expLine2].indexOf(expectText2) : -1;

const result = { ok: false, steps: [] };
const t0 = Date.now();
const log = (m) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s ${new Date().toISOString().slice(11, 23)}] ${m}`);
const step = (name, ok, detail) => {
  result.steps.push({ name, ok: !!ok, detail, t: (Date.now() - t0) / 1000 });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail !== undefined ? ' :: ' + JSON.stringify(detail).slice(0, 400) : ''}`);
  if (!ok) throw new Error(`step failed: ${name}: ${JSON.stringify(detail).slice(0, 1500)}`);
};
const norm = (s) => (s || '').replace(/\u00a0/g, ' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tapMessages = () => {
  if (!tapLog || !fs.existsSync(tapLog)) return [];
  return fs.readFileSync(tapLog, 'utf8').split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean);
};
const sent = (method) => tapMessages().filter((m) => m.dir === 'c2s' && m.msg && m.msg.method === method).map((m) => m.msg);
// close the modal settings editor; the file is already saved, so a "save changes?" prompt
// (seen when the modal closes right after a save) is answered "Don't Save"
const closeModal = async () => {
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('Escape');
    await sleep(300);
    const dlg = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" }).first();
    if (await dlg.isVisible().catch(() => false)) { await dlg.click(); await sleep(300); }
  }
};
const pollFor = async (fn, ms) => { const end = Date.now() + ms; while (Date.now() < end) { const v = fn(); if (v) return v; await sleep(100); } return fn(); };

const context = await chromium.launchPersistentContext(path.join(outDir, 'chromium-profile'), {
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
  viewport: { width: 1280, height: 800 },
});
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
const shot = async (name) => { const p = path.join(outDir, name); await page.screenshot({ path: p }); return p; };

try {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: T });
  await page.waitForSelector('.monaco-workbench', { timeout: T });
  step('workbench loaded', true, await page.title());

  // open the document from the Explorer (or Quick Open); the clock for "first squiggle" starts here
  const item = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${fileName}"]`).first();
  let tOpen;
  try {
    await item.waitFor({ timeout: T / 2 });
    tOpen = Date.now();
    await item.click();
  } catch {
    log('explorer item not found, using Quick Open');
    await page.keyboard.press('Control+P');
    await page.keyboard.type(fileName);
    await sleep(800);
    tOpen = Date.now();
    await page.keyboard.press('Enter');
  }
  await page.waitForSelector(`.tab[aria-label*="${fileName}"]`, { timeout: T });
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: T });
  step('file opened in editor', true, fileName);

  // (a) the squiggle: Monaco draws diagnostics as .squiggly-<severity> decorations
  const SQUIGGLES = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, ' +
    '.monaco-editor .squiggly-info, .monaco-editor .squiggly-hint';
  try { await page.locator(SQUIGGLES).first().waitFor({ state: 'attached', timeout: T }); } catch {
    throw new Error(`no squiggle within ${T} ms (extension/server failed? see the blamelint output channel in code-server.log)`);
  }
  result.open_to_squiggle_ms = Date.now() - tOpen;
  log(`first squiggle ${result.open_to_squiggle_ms} ms after opening the file`);
  await sleep(300);
  // the characters under each squiggle's box; the server may report other things too
  const underEach = () => page.evaluate((sel) => {
    const chars = [];
    for (const s of document.querySelectorAll('.monaco-editor .view-lines .view-line span span')) {
      const tn = s.firstChild; if (!tn) continue;
      const r = document.createRange();
      for (let i = 0; i < tn.length; i++) {
        r.setStart(tn, i); r.setEnd(tn, i + 1);
        const b = r.getBoundingClientRect();
        chars.push({ ch: tn.data[i], cx: b.left + b.width / 2, cy: b.top + b.height / 2 });
      }
    }
    return [...document.querySelectorAll(sel)].map((el) => {
      const box = el.getBoundingClientRect();
      const text = chars.filter((c) => c.cx >= box.x && c.cx <= box.x + box.width &&
        c.cy >= box.y - 4 && c.cy <= box.y + box.height + 24).map((c) => c.ch).join('');
      return { text: text.replace(/\u00a0/g, ' ').trim(), cls: el.className };
    });
  }, SQUIGGLES);
  let under = await underEach();
  const idx = under.findIndex((u) => u.text === expectText);
  result.squiggles = under;
  const squiggle = page.locator(SQUIGGLES).nth(Math.max(idx, 0));
  const sqBox = await squiggle.boundingBox();
  result.squiggle = { class: under[Math.max(idx, 0)]?.cls, box: sqBox };
  result.squiggle_text = idx >= 0 ? under[idx].text : under.map((u) => u.text).join(' | ');
  await page.mouse.move(5, 5);
  await sleep(400);
  await shot('squiggle.png');
  step(`a squiggle lies exactly under "${expectText}"`, idx >= 0, under);
  if (expectText2) step(`a second squiggle lies exactly under "${expectText2}"`, under.some((u) => u.text === expectText2), under);

  // hover: the message and "Quick Fix..."
  await page.mouse.move(sqBox.x + sqBox.width / 2, sqBox.y + sqBox.height / 2);
  try {
    await page.waitForSelector('.monaco-hover .marker, .monaco-hover .hover-contents', { timeout: 8000 });
    await sleep(400);
    result.hover_text = norm(await page.locator('.monaco-hover').first().innerText());
    await shot('hover.png');
  } catch { result.hover_text = null; log('no hover appeared'); }
  if (result.hover_text !== null) {
    step('hover shows the message', expectMessage ? result.hover_text.includes(expectMessage) : result.hover_text.trim().length > 0, result.hover_text);
  }
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // (b) Problems panel: "<message> <source>(<code>) [Ln L, Col C]"
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+M');
  try {
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 10000 });
  } catch {
    await page.keyboard.press('F1');
    await page.keyboard.type('View: Focus Problems');
    await sleep(500);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 10000 });
  }
  await sleep(500);
  result.problems_rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map(norm);
  await shot('problems.png');
  const where = `[Ln ${expLine + 1}, Col ${expCol + 1}]`;
  const row = result.problems_rows.find((r) => r.includes(where));
  step(`Problems panel lists the diagnostic at ${where}`, !!row, result.problems_rows);
  // the row's cells: message, source, code, position (newline-separated in innerText)
  const cells = row.split('\n').map((c) => c.trim());
  step(`Problems row names source ${expectSource}${expectCode ? ` and code ${expectCode}` : ''}`,
    cells.includes(expectSource) && (!expectCode || cells.includes(expectCode)), cells);
  if (expectMessage) step('Problems row has the message', row.includes(expectMessage), row);
  if (expectText2) {
    const where2 = `[Ln ${expLine2 + 1}, Col ${expCol2 + 1}]`;
    const row2 = result.problems_rows.find((r) => r.includes(where2));
    step(`Problems panel lists the second diagnostic at ${where2}`, !!row2, result.problems_rows);
    const cells2 = row2.split('\n').map((c) => c.trim());
    step(`second Problems row names source ${expectSource}${expectCode2 ? ` and code ${expectCode2}` : ''}`,
      cells2.includes(expectSource) && (!expectCode2 || cells2.includes(expectCode2)), cells2);
  }

  // (c) quick fix: cursor into the squiggle, Ctrl+. , pick the first rewrite
  const before = norm(await page.locator('.monaco-editor .view-lines').first().innerText());
  // layout moved when the panel opened: find the squiggle over the phrase again
  under = await underEach();
  let idx2 = under.findIndex((u) => u.text === expectText);
  if (idx2 < 0) {
    // the smaller editor may have scrolled the line out of view: Go to Line reveals it
    await page.keyboard.press('Control+G');
    await sleep(300);
    await page.keyboard.type(String(expLine + 1));
    await page.keyboard.press('Enter');
    await sleep(500);
    under = await underEach();
    idx2 = under.findIndex((u) => u.text === expectText);
  }
  step('the squiggle is still visible with the Problems panel open', idx2 >= 0, under);
  const sq2 = await page.locator(SQUIGGLES).nth(idx2).boundingBox();
  await page.mouse.click(sq2.x + Math.min(6, sq2.width / 2), sq2.y + sq2.height / 2);
  await sleep(300);
  await page.keyboard.press('Control+.');
  try {
    await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 10000 });
  } catch {
    await shot('no_quickfix_menu.png');
    throw new Error('quick fix menu did not open');
  }
  await sleep(500);
  const rows = page.locator('.action-widget .monaco-list-row');
  const rowInfo = [];
  for (let i = 0; i < await rows.count(); i++) {
    const r = rows.nth(i);
    rowInfo.push({ i, text: norm(await r.innerText()).trim(), cls: (await r.getAttribute('class')) || '' });
  }
  result.quickfix_menu = rowInfo.filter((r) => r.text).map((r) => r.text);
  await shot('quickfix_menu.png');
  const actionsRows = rowInfo.filter((r) => r.text && !/group-header|separator/.test(r.cls));
  step('quick-fix menu lists actions', actionsRows.length > 0, rowInfo);
  const pick = actionsRows.find((r) => !/disable/i.test(r.text));
  step('a rewrite is offered (not only "disable")', !!pick, result.quickfix_menu);
  result.quickfix_chosen = pick.text;
  await rows.nth(pick.i).click();
  await page.waitForFunction((b) => {
    const t = document.querySelector('.monaco-editor .view-lines');
    return t && t.innerText.replace(/\u00a0/g, ' ') !== b;
  }, before, { timeout: 10000 });
  step('quick fix changed the editor text', true, pick.text);
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => !document.querySelector('.tab.dirty'), null, { timeout: 10000 })
    .catch(() => log('tab still dirty after Ctrl+S'));
  const saved = await pollFor(() => { const t = fs.readFileSync(wsFile, 'utf8'); return t !== original ? t : null; }, 5000);
  step('saved file on disk changed', !!saved, null);
  result.line_after = saved.split('\n')[expLine];
  if (expectAfter) step('line after fix is EXPECT_AFTER', result.line_after === expectAfter, { got: result.line_after, want: expectAfter });
  await sleep(800);
  await shot('after_fix.png');

  if (tapLog) {
    // (d) settings: initializationOptions, then a live change of settings.json -> didChangeConfiguration
    const init = sent('initialize')[0];
    const io = init && init.params.initializationOptions;
    step('initializationOptions.blamelint has the user settings',
      io && io.blamelint && JSON.stringify(io.blamelint.personTerms) === '["Alex"]', io);
    step('server.* and trace settings are not sent to the server', io && io.blamelint && !('server' in io.blamelint) && !('trace' in io.blamelint), io);
    // as a user would: Preferences: Open User Settings (JSON), find/replace, save
    // (code-server does not notice settings.json being rewritten behind its back)
    await page.keyboard.press('F1');
    await page.keyboard.type('Preferences: Open User Settings (JSON)');
    await sleep(700);
    await page.keyboard.press('Enter');
    // (a tab in older builds, a modal editor in 1.139)
    await page.waitForSelector('.monaco-editor .view-line:has-text("blamelint.personTerms")', { timeout: T });
    await sleep(500);
    await page.keyboard.press('Control+H');
    const findInput = page.locator('.find-widget.visible .find-part textarea, .find-widget.visible .find-part input').first();
    await findInput.waitFor({ timeout: 5000 });
    await findInput.fill('"Alex"');
    const replaceInput = page.locator('.find-widget.visible .replace-part textarea, .find-widget.visible .replace-part input').first();
    await replaceInput.fill('"Alex", "Sam"');
    await sleep(300);
    await page.keyboard.press('Control+Alt+Enter');
    await sleep(300);
    await page.keyboard.press('Control+S');
    await pollFor(() => fs.readFileSync(userSettings, 'utf8').includes('"Sam"'), 5000);
    step('settings.json edited in the editor', fs.readFileSync(userSettings, 'utf8').includes('"Sam"'),
      fs.readFileSync(userSettings, 'utf8').slice(0, 200));
    await shot('settings_edit.png');
    await closeModal();
    const change = await pollFor(() => sent('workspace/didChangeConfiguration').find((m) =>
      JSON.stringify(m.params.settings.blamelint.personTerms) === '["Alex","Sam"]'), 20000);
    step('editing settings.json sends workspace/didChangeConfiguration (no reload)', !!change, sent('workspace/didChangeConfiguration'));

    // (e) "blamelint: Restart server" starts a new server that gets the document again
    const inits = sent('initialize').length;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    await page.keyboard.type('blamelint: Restart server');
    await sleep(700);
    await page.keyboard.press('Enter');
    const again = await pollFor(() => sent('initialize').length > inits && sent('textDocument/didOpen').length >= 2, 20000);
    step('"blamelint: Restart server" restarts the server and reopens the document', again,
      { initialize: sent('initialize').length, didOpen: sent('textDocument/didOpen').length });
    const shutdowns = tapMessages().filter((m) => m.dir === 'exit');
    step('the old server exited with code 0', shutdowns.length >= 1 && shutdowns[0].code === 0, shutdowns);
  }

  // (f) warm latency: a second document once the extension and server are already running
  await closeModal();
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+P');
  await sleep(300);
  await page.keyboard.type('second.md');
  await sleep(800);
  const tOpen2 = Date.now();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tab[aria-label*="second.md"]', { timeout: T });
  await page.locator(SQUIGGLES).first().waitFor({ state: 'attached', timeout: T });
  result.warm_open_to_squiggle_ms = Date.now() - tOpen2;
  step('second document squiggled (warm)', true, `${result.warm_open_to_squiggle_ms} ms`);

  // (g) a wrong blamelint.server.path: a clear error with an "Open Settings" button that opens
  // the setting. server.path is machine-scoped, i.e. a Remote setting in code-server.
  if (serverPath) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F1');
    await page.keyboard.type('Preferences: Open Remote Settings (JSON)');
    await sleep(700);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-line:has-text("blamelint.server.path")', { timeout: T });
    await sleep(500);
    await page.keyboard.press('Control+H');
    const fi = page.locator('.find-widget.visible .find-part textarea, .find-widget.visible .find-part input').first();
    await fi.waitFor({ timeout: 5000 });
    await fi.fill(`"blamelint.server.path": ${JSON.stringify(serverPath)}`);
    const ri = page.locator('.find-widget.visible .replace-part textarea, .find-widget.visible .replace-part input').first();
    await ri.fill('"blamelint.server.path": "/nonexistent/blamelint-lsp"');
    await sleep(300);
    await page.keyboard.press('Control+Alt+Enter');
    await sleep(300);
    await page.keyboard.press('Control+S');
    // (no Escape from here on: it would also hide the notification toasts)
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'blamelint.server.path' }).first();
    let toastText = null;
    try {
      await toast.waitFor({ timeout: 20000 });
      toastText = norm(await toast.innerText());
    } catch { /* reported below */ }
    await shot('server_not_found.png');
    step('a wrong server.path shows an error naming the setting', toastText && /not an executable/.test(toastText), toastText);
    await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Open Settings' }).first().click();
    await page.waitForSelector('.settings-editor', { timeout: 10000 });
    await sleep(1000);
    const shown = norm(await page.locator('.settings-editor').first().innerText());
    result.open_settings_text = shown.slice(0, 500);
    const item = page.locator('.settings-editor .setting-item-contents', { hasText: 'Server: Path' }).first();
    const visible = await item.waitFor({ timeout: 5000 }).then(() => true, () => false);
    await shot('open_settings.png');
    step('"Open Settings" shows the blamelint.server.path setting', visible, shown.slice(0, 300));
  }
  result.ok = true;
} catch (e) {
  result.error = String((e && e.message) || e);
  await shot('failure.png').catch(() => {});
} finally {
  result.console_errors = consoleErrors.slice(0, 20);
  result.seconds = (Date.now() - t0) / 1000;
  fs.writeFileSync(path.join(outDir, 'ui_result.json'), JSON.stringify(result, null, 1));
  await context.close();
}
process.exit(result.ok ? 0 : 1);
