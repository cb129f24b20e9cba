// blamelint for VS Code: a thin vscode-languageclient wrapper around `blamelint-lsp` (stdio).
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { resolveServer, ServerCommand } from './server';

const SECTION = 'blamelint';
/** Settings whose change needs a new server process rather than a didChangeConfiguration. */
const RESTART_KEYS = ['server.path', 'server.args', 'documentSelector'];

let client: LanguageClient | undefined;
/** the settings object the running server has (JSON), to send only real changes */
let lastSent = '';
let output: vscode.OutputChannel;
/** serializes start/stop/restart */
let queue: Promise<unknown> = Promise.resolve();

function log(msg: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${msg}`);
}

/**
 * The settings object the server understands. Empty lists/maps are left out, so the server
 * falls back to its defaults (or blamelint.toml) for anything the user did not set.
 */
export function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const settings: Record<string, unknown> = {};
  for (const key of ['select', 'ignore', 'personTerms', 'systemTerms']) {
    const v = cfg.get<string[]>(key);
    if (Array.isArray(v) && v.length > 0) settings[key] = v;
  }
  const severity = cfg.get<Record<string, string>>('severity');
  if (severity && typeof severity === 'object' && Object.keys(severity).length > 0) {
    settings.severity = severity;
  }
  return settings;
}

function documentSelector(): { scheme: string; language: string }[] {
  const langs = vscode.workspace.getConfiguration(SECTION).get<string[]>('documentSelector')
    ?? ['markdown', 'plaintext'];
  return langs.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
}

async function showNotFound(message: string): Promise<void> {
  log(message);
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    // server.path is machine-scoped: in a remote window (SSH, WSL, code-server) it lives in the
    // Remote settings, and the User tab would show "No Settings Found"
    const command = vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
    await vscode.commands.executeCommand(command, { query: `${SECTION}.server.path` });
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const resolved = resolveServer(cfg.get<string>('server.path'), cfg.get<string[]>('server.args') ?? [],
    context.extensionPath);
  if ('error' in resolved) {
    void showNotFound(resolved.error);
    return;
  }
  const server: ServerCommand = resolved;
  log(`starting ${JSON.stringify([server.command, ...server.args])} (from ${server.origin})`);

  const exec = { command: server.command, args: server.args, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: exec, debug: exec };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // same shape as didChangeConfiguration's `settings`
    initializationOptions: () => {
      const settings = serverSettings();
      lastSent = JSON.stringify(settings);
      return { [SECTION]: settings };
    },
    middleware: {
      workspace: {
        // answer workspace/configuration for our section with the cleaned-up settings object
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) return defaults;
          return params.items.map((item, i) => {
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            if (item.section === SECTION) return serverSettings(scope);
            if (item.section?.startsWith(`${SECTION}.`)) {
              const key = item.section.slice(SECTION.length + 1);
              return serverSettings(scope)[key] ?? null;
            }
            return defaults[i];
          });
        },
      },
    },
    initializationFailedHandler: (error) => {
      log(`initialize failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };

  const c = new LanguageClient(SECTION, 'blamelint', serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
    const info = c.initializeResult?.serverInfo;
    log(`server running${info ? `: ${info.name} ${info.version ?? ''}` : ''}`);
  } catch (e) {
    client = undefined;
    const msg = `blamelint: could not start ${server.command}: ${e instanceof Error ? e.message : String(e)}`;
    void showNotFound(msg);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.dispose(5000); // stops the client (shutdown + exit) and frees its resources
  } catch (e) {
    log(`stop: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function enqueue(task: () => Promise<void>): Promise<unknown> {
  queue = queue.then(task, task);
  return queue;
}

async function sendSettings(): Promise<void> {
  if (!client || !client.isRunning()) return;
  const settings = serverSettings();
  const json = JSON.stringify(settings);
  if (json === lastSent) return; // e.g. only trace.server changed (vscode-languageclient handles it)
  lastSent = json;
  log(`didChangeConfiguration ${json}`);
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('blamelint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('blamelint.restartServer', () => {
      log('restart requested');
      return enqueue(async () => { await stop(); await start(context); });
    }),
    vscode.commands.registerCommand('blamelint.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (RESTART_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) {
        log('server settings changed: restarting');
        void enqueue(async () => { await stop(); await start(context); });
      } else {
        void enqueue(sendSettings);
      }
    }),
  );
  await enqueue(() => start(context));
}

export function deactivate(): Thenable<void> | undefined {
  return client ? stop() : undefined;
}
