// Locating the blamelint-lsp executable. No `vscode` import here, so this stays plain Node.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const SERVER_NAME = 'blamelint-lsp';

export interface ServerCommand {
  command: string;
  args: string[];
  /** where the command came from, for the output channel */
  origin: 'setting' | 'bundled' | 'PATH';
}

export interface ServerNotFound {
  error: string;
}

export function exeName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
}

/** `server/<platform>-<arch>/blamelint-lsp` inside the extension. */
export function bundledServerPath(extensionPath: string): string {
  return path.join(extensionPath, 'server', `${process.platform}-${process.arch}`, exeName());
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`: the first executable `name` on PATH (PATHEXT on Windows). */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32'
    ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').map((e) => e.toLowerCase())]
    : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/**
 * Resolution order: the `blamelint.server.path` setting; the binary bundled in the extension;
 * `blamelint-lsp` on PATH. The command is spawned without a shell, so paths with spaces are fine.
 */
export function resolveServer(
  configuredPath: string | undefined,
  args: string[],
  extensionPath: string,
): ServerCommand | ServerNotFound {
  const configured = (configuredPath || '').trim();
  if (configured) {
    const expanded = expandHome(configured);
    const isPathLike = path.isAbsolute(expanded) || expanded.includes('/') || expanded.includes('\\');
    if (isPathLike) {
      const abs = path.resolve(expanded);
      if (isExecutableFile(abs)) return { command: abs, args, origin: 'setting' };
      return {
        error: `blamelint.server.path is "${configured}", but that is not an executable file.`,
      };
    }
    const found = which(expanded);
    if (found) return { command: found, args, origin: 'setting' };
    return { error: `blamelint.server.path is "${configured}", but no such program is on PATH.` };
  }

  const bundled = bundledServerPath(extensionPath);
  if (fs.existsSync(bundled) && !isExecutableFile(bundled)) {
    // a .vsix does not always keep the executable bit
    try { fs.chmodSync(bundled, 0o755); } catch { /* reported below if still not runnable */ }
  }
  if (isExecutableFile(bundled)) return { command: bundled, args, origin: 'bundled' };

  const onPath = which(exeName());
  if (onPath) return { command: onPath, args, origin: 'PATH' };

  return {
    error: `Could not find the blamelint language server: no bundled binary for ` +
      `${process.platform}-${process.arch} and no "${exeName()}" on PATH. ` +
      `Build it (cargo install --path crates/blamelint-lsp in the blamelint repository) ` +
      `or set blamelint.server.path.`,
  };
}
