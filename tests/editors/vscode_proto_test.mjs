// The LSP exchange VS Code has with blamelint-lsp, without any UI, using the protocol library our
// extension bundles (vscode-languageserver-protocol from editors/vscode/node_modules, the layer
// under vscode-languageclient 9). Driven by vscode_proto_test.sh.
// Usage: node vscode_proto_test.mjs SERVER_CMD [ARGS...]
// Env: LIBS_DIR (dir with node_modules), TEST_FILE, OUT_JSON, EXPECT_TEXT, EXPECT_SOURCE,
//      EXPECT_MESSAGE, EXPECT_CODE, EXPECT_AFTER, EXPECT_TEXT2 + EXPECT_CODE2 (a second diagnostic:
//      exact range only), EXPECT_FIXALL (1), EXPECT_DISABLE_ACTION (1),
//      LSP_TIMEOUT_MS
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.join(process.env.LIBS_DIR || process.cwd(), 'node_modules', 'x.js'));
// one module for connection + types (a second vscode-jsonrpc copy breaks ParameterStructures)
const proto = require('vscode-languageserver-protocol/node');

const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const argv = process.argv.slice(2);
if (!argv.length) { console.error('usage: vscode_proto_test.mjs SERVER_CMD [ARGS...]'); process.exit(2); }
const expectText = env('EXPECT_TEXT', 'just');
const expectText2 = env('EXPECT_TEXT2');
const expectCode2 = env('EXPECT_CODE2');
const expectSource = env('EXPECT_SOURCE', 'blamelint');
const expectMessage = env('EXPECT_MESSAGE');
const expectCode = env('EXPECT_CODE');
const expectAfter = env('EXPECT_AFTER');
const expectFixAll = env('EXPECT_FIXALL', '1') !== '0';
const expectDisable = env('EXPECT_DISABLE_ACTION', '1') !== '0';
const outJson = env('OUT_JSON', path.join(os.tmpdir(), 'blamelint_vscode_proto.json'));
const timeoutMs = Number(env('LSP_TIMEOUT_MS', '15000'));
const src = env('TEST_FILE');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blamelint-proto.'));
const file = path.join(dir, 'postmortem.md');
fs.copyFileSync(src, file);
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
const settings = { personTerms: ['Alex'] };

// JS strings are UTF-16, so plain string offsets are exactly VS Code's positions.
const lineStarts = (t) => { const s = [0]; for (let i = 0; i < t.length; i++) if (t[i] === '\n') s.push(i + 1); return s; };
const offsetAt = (t, pos) => { const ls = lineStarts(t); return (ls[pos.line] ?? t.length) + pos.character; };
const getText = (t, r) => t.slice(offsetAt(t, r.start), offsetAt(t, r.end));
const applyEdits = (t, edits) => [...edits]
  .sort((a, b) => offsetAt(t, b.range.start) - offsetAt(t, a.range.start))
  .reduce((acc, e) => acc.slice(0, offsetAt(t, e.range.start)) + e.newText + acc.slice(offsetAt(t, e.range.end)), t);

const result = { ok: false, steps: [] };
const t0 = Date.now();
const step = (name, ok, detail) => {
  result.steps.push({ name, ok: !!ok, detail });
  if (!ok) throw new Error(`step failed: ${name}: ${JSON.stringify(detail)}`);
};
const withTimeout = (p, what) => Promise.race([p, new Promise((_, rej) =>
  setTimeout(() => rej(new Error('timeout: ' + what)), timeoutMs))]);

const child = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
child.on('error', (e) => { stderr += String(e); });
const exited = new Promise((res) => child.on('exit', (code, sig) => res({ code, sig })));
const conn = proto.createMessageConnection(
  new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));
let diagWaiters = [];
let latest = null;
conn.onNotification(proto.PublishDiagnosticsNotification.type, (p) => {
  if (p.uri !== uri) return;
  latest = p.diagnostics;
  diagWaiters.splice(0).forEach((w) => w(p.diagnostics, p.version));
});
conn.onNotification(proto.LogMessageNotification.type, () => {});
const configRequests = [];
// answered the way our extension's middleware answers it
conn.onRequest(proto.ConfigurationRequest.type, (p) => {
  configRequests.push(p);
  return p.items.map((it) => (it.section === 'blamelint' ? settings
    : it.section?.startsWith('blamelint.') ? settings[it.section.slice(10)] ?? null : null));
});
conn.onRequest(proto.RegistrationRequest.type, () => null);
conn.onRequest(proto.UnregistrationRequest.type, () => null);
conn.onRequest(proto.WorkDoneProgressCreateRequest.type, () => null);
conn.onRequest(proto.ShowMessageRequest.type, () => null);
conn.onRequest(proto.ApplyWorkspaceEditRequest.type, () => ({ applied: false }));
conn.listen();
// the next publish for the document that satisfies pred(diagnostics, version); a publish for an
// older text (e.g. the re-lint after didChangeConfiguration arriving late) does not count
const nextDiags = (pred = () => true) => new Promise((res) => {
  const w = (d, v) => (pred(d, v) ? res(d) : diagWaiters.push(w));
  diagWaiters.push(w);
});
const forVersion = (n) => (_d, v) => v === undefined || v === null || v >= n;
const editsFor = (edit) => edit && ((edit.changes && edit.changes[uri]) ||
  (edit.documentChanges || []).filter((c) => c.textDocument && c.textDocument.uri === uri).flatMap((c) => c.edits));

async function main() {
  // the client capabilities that matter, as vscode-languageclient 9 sends them (utf-16 only)
  const init = await withTimeout(conn.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    clientInfo: { name: 'Visual Studio Code (protocol test)', version: '1.x' },
    initializationOptions: { blamelint: settings },
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true, willSave: true, willSaveWaitUntil: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: false,
          tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { dynamicRegistration: true, isPreferredSupport: true, disabledSupport: true,
          dataSupport: true, resolveSupport: { properties: ['edit'] },
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor',
            'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source',
            'source.organizeImports'] } }, honorsChangeAnnotations: false },
      },
      workspace: { applyEdit: true, workspaceEdit: { documentChanges: true,
        resourceOperations: ['create', 'rename', 'delete'] }, configuration: true,
        workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      window: { workDoneProgress: true, showMessage: {} },
    },
  }), 'initialize');
  result.serverInfo = init.serverInfo || null;
  result.capabilities = init.capabilities;
  const enc = init.capabilities.positionEncoding || 'utf-16';
  step('position encoding is utf-16 (all VS Code speaks)', enc === 'utf-16', enc);
  step('server advertises codeActionProvider', !!init.capabilities.codeActionProvider, init.capabilities.codeActionProvider);
  await conn.sendNotification(proto.InitializedNotification.type, {});

  const first = nextDiags();
  const tOpen = Date.now();
  await conn.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const diags = await withTimeout(latest && latest.length ? Promise.resolve(latest) : first, 'diagnostics');
  result.first_diagnostic_ms = Date.now() - tOpen;
  result.diagnostics = diags.map((d) => ({ ...d, covered_text: getText(text, d.range) }));
  step('diagnostics received', diags.length > 0, diags.length);
  const target = diags.find((d) => getText(text, d.range) === expectText);
  step(`a diagnostic's UTF-16 range covers exactly "${expectText}"`, !!target, result.diagnostics);
  step('message is non-empty', typeof target.message === 'string' && target.message.length > 0, target.message);
  if (expectMessage) step(`message is ${expectMessage}`, target.message === expectMessage, target.message);
  step(`source is ${expectSource}`, target.source === expectSource, target.source);
  if (expectCode) step(`code is ${expectCode}`, String(target.code) === expectCode, target.code);
  if (expectText2) {
    const t2 = diags.find((d) => getText(text, d.range) === expectText2);
    step(`a second diagnostic's UTF-16 range covers exactly "${expectText2}"`, !!t2, result.diagnostics);
    step(`second diagnostic's source is ${expectSource}`, t2.source === expectSource, t2.source);
    if (expectCode2) step(`second diagnostic's code is ${expectCode2}`, String(t2.code) === expectCode2, t2.code);
  }

  // settings change without restart
  await conn.sendNotification(proto.DidChangeConfigurationNotification.type,
    { settings: { blamelint: settings } });
  result.workspace_configuration_requests = configRequests.length;

  const actions = await withTimeout(conn.sendRequest(proto.CodeActionRequest.type, {
    textDocument: { uri }, range: target.range,
    context: { diagnostics: [target], triggerKind: 1 } }), 'codeAction');
  result.code_actions = actions;
  step('code actions offered', Array.isArray(actions) && actions.length > 0, actions);
  const quickfixes = actions.filter((a) => 'title' in a && (!a.kind || a.kind.startsWith('quickfix')));
  let rewrite = quickfixes.find((a) => a.isPreferred) ||
    quickfixes.find((a) => !/disable/i.test(a.title)) || actions[0];
  step('a preferred (isPreferred) rewrite is offered', rewrite.isPreferred === true && !/disable/i.test(rewrite.title),
    actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred })));
  if (expectDisable) {
    step('a "disable rule for this line" action is offered', actions.some((a) => /disable/i.test(a.title)),
      actions.map((a) => a.title));
  }
  if (!rewrite.edit && init.capabilities.codeActionProvider.resolveProvider) {
    rewrite = await withTimeout(conn.sendRequest(proto.CodeActionResolveRequest.type, rewrite), 'codeAction/resolve');
  }
  const edits = editsFor(rewrite.edit);
  step('the rewrite carries a WorkspaceEdit for the file', !!(edits && edits.length), rewrite);
  const newText = applyEdits(text, edits);
  const lineNo = target.range.start.line;
  result.line_after = newText.split('\n')[lineNo];
  step('applying the rewrite changed the text', newText !== text, result.line_after);
  if (expectAfter) step('line after fix is EXPECT_AFTER', result.line_after === expectAfter, { got: result.line_after, want: expectAfter });
  fs.writeFileSync(file, newText);

  const lineNo0 = target.range.start.line;
  const stillThere = (ds) => ds.some((d) => d.range.start.line === lineNo0 && d.code === target.code && d.message === target.message);
  // (a server that sends no version gets until the timeout to drop it)
  const after = nextDiags((d, v) => forVersion(2)(d, v) && (!stillThere(d) || (v !== undefined && v !== null)));
  await conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 }, contentChanges: [{ text: newText }] });
  const d2 = await withTimeout(after, 'diagnostics after change').catch(() => latest || []);
  result.diagnostics_after_fix = d2;
  step('the diagnostic is gone after the fix', !d2.some((d) => d.range.start.line === lineNo &&
    d.code === target.code && d.message === target.message), d2);

  if (expectFixAll) {
    // bring the phrase back and ask for the fix-all source action, as editor.codeActionsOnSave does
    const t3 = text;
    const back = nextDiags(forVersion(3));
    await conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 }, contentChanges: [{ text: t3 }] });
    await withTimeout(back, 'diagnostics after reverting');
    const lines = t3.split('\n').length;
    const fixAll = await withTimeout(conn.sendRequest(proto.CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.blamelint'], triggerKind: 2 } }), 'codeAction fixAll');
    result.fix_all = fixAll;
    step('source.fixAll.blamelint is offered', (fixAll || []).some((a) => a.kind === 'source.fixAll.blamelint'), fixAll);
  }

  await withTimeout(conn.sendRequest(proto.ShutdownRequest.type), 'shutdown');
  await conn.sendNotification(proto.ExitNotification.type);
  const ex = await withTimeout(exited, 'exit');
  result.server_exit = ex;
  step('server exits 0 after shutdown/exit', ex.code === 0, ex);
  result.ok = true;
}

let rc = 0;
try { await main(); } catch (e) { result.error = String((e && e.message) || e); rc = 1; }
result.stderr_tail = stderr.slice(-2000);
result.seconds = (Date.now() - t0) / 1000;
fs.writeFileSync(outJson, JSON.stringify(result, null, 1));
if (rc === 0) {
  const d = result.diagnostics.find((x) => x.covered_text === expectText);
  const d2 = expectText2 && result.diagnostics.find((x) => x.covered_text === expectText2);
  const also = d2 ? ` + ${d2.range.start.line + 1}:${d2.range.start.character}-${d2.range.end.character} (${d2.code})` : '';
  console.log(`VSCODE-PROTO PASS (${result.seconds}s): first diagnostic ${result.first_diagnostic_ms} ms after didOpen; ` +
    `${d.range.start.line + 1}:${d.range.start.character}-${d.range.end.character} (utf-16) [${d.source}] '${d.message}'${also}; ` +
    `fix -> '${result.line_after}'`);
} else {
  console.log(`VSCODE-PROTO FAIL (${result.seconds}s): ${result.error}; see ${outJson}`);
}
try { child.kill(); } catch { /* already gone */ }
process.exit(rc);
