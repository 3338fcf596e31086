// A node's editor .html as the build writes it (rendered here from the source,
// so a test never reads a stale dist/), and its <script>s run in one sandbox
// with a stand-in RED, as the editor runs them.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { renderEditorHtml } from '../../src/config/editor-html';

export const nodesSrcDir = path.join(__dirname, '..', '..', 'src', 'nodes');
export const nodesDistDir = path.join(__dirname, '..', '..', 'dist', 'nodes');

export function sourceEditorHtml(type: string): string {
  return fs.readFileSync(path.join(nodesSrcDir, type, `${type}.html`), 'utf8');
}

/** What scripts/build.js writes to dist/nodes/<type>/<type>.html. */
export function builtEditorHtml(type: string): string {
  return renderEditorHtml(type, sourceEditorHtml(type), true);
}

export function editorScripts(html: string): string[] {
  return [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

export interface RegisteredType {
  type: string;
  def: Record<string, unknown> & {
    defaults: Record<string, { value: unknown; validate?: (this: unknown, v: unknown, opt?: { label?: string }) => unknown }>;
  };
  context: vm.Context;
}

/** Runs every script of the html in one context; returns what registerType received. */
export function runEditorScripts(html: string, globals: Record<string, unknown> = {}): RegisteredType {
  let registered: RegisteredType | undefined;
  const context = vm.createContext({
    RED: {
      nodes: { registerType: (type: string, def: RegisteredType['def']) => (registered = { type, def, context }) },
      _: (key: string) => `t:${key}`,
    },
    $: () => ({ length: 0 }),
    ...globals,
  });
  for (const script of editorScripts(html)) vm.runInContext(script, context);
  if (!registered) throw new Error('no registerType call');
  return registered;
}
