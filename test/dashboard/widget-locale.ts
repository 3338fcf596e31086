// The widget nodes' message catalogs (packages/node-red-dashboard-2-assemblyai/
// src/nodes/<type>/locales/<lang>/<type>.json), and a RED whose _ renders them
// as Node-RED does ("__name__" substitutions), for tests that read a widget's
// status or error as a user sees it (node-red-node-test-helper's RED._ returns the key).
import fs from 'node:fs';
import path from 'node:path';

export const WIDGET_NODES_DIR = path.resolve(__dirname, '..', '..', 'packages', 'node-red-dashboard-2-assemblyai', 'src', 'nodes');

export function widgetCatalog(type: string, lang = 'en-US'): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(WIDGET_NODES_DIR, type, 'locales', lang, `${type}.json`), 'utf8')) as Record<string, unknown>;
}

/** The text of a full key ("<type>.status.x") in a widget catalog, or undefined. */
export function widgetText(key: string, lang = 'en-US'): string | undefined {
  const [type, ...rest] = key.split('.');
  if (!type || !fs.existsSync(path.join(WIDGET_NODES_DIR, type, 'locales', lang))) return undefined;
  const value = [type, ...rest].reduce<unknown>(
    (at, part) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined),
    widgetCatalog(type, lang),
  );
  return typeof value === 'string' ? value : undefined;
}

export function renderWidgetText(key: string, substitutions: Record<string, unknown> = {}, lang = 'en-US'): string {
  const text = widgetText(key, lang);
  if (text === undefined) return key;
  return text.replace(/__([A-Za-z0-9_]+)__/g, (whole, name: string) => (name in substitutions ? String(substitutions[name]) : whole));
}

/** `register` with a RED whose `_` renders every widget key from the `lang` catalog. */
export function withWidgetLocale<F extends (RED: never) => unknown>(register: F, lang = 'en-US'): F {
  const wrapped = (RED: object) => {
    const proxy = new Proxy(RED, {
      get: (target, property, receiver) =>
        property === '_'
          ? (key: string, subs?: Record<string, unknown>) => renderWidgetText(key, subs, lang)
          : (Reflect.get(target, property, receiver) as unknown),
    });
    return register(proxy as never);
  };
  return wrapped as unknown as F;
}
