// The nodes' message catalogs, read the way Node-RED reads them
// (src/nodes/<type>/locales/<lang>/<type>.json, "__name__" substitutions),
// for tests that check a runtime text as a user sees it. node-red-node-test-helper
// gives nodes an identity RED._ (the key comes back); withLocale() wraps a
// node's register function so its RED._ renders chosen keys from a catalog.
import fs from 'node:fs';
import path from 'node:path';

export const NODES_DIR = path.resolve(__dirname, '..', '..', '..', 'src', 'nodes');

type Catalog = Record<string, unknown>;
const cache = new Map<string, Catalog>();

export function catalog(type: string, lang = 'en-US'): Catalog {
  const file = path.join(NODES_DIR, type, 'locales', lang, `${type}.json`);
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
    cache.set(file, loaded);
  }
  return loaded;
}

/** The text for a full key ("<type>.status.x"), or undefined when the catalog has none. */
export function lookup(key: string, lang = 'en-US'): string | undefined {
  const [type, ...rest] = key.split('.');
  if (!type || !fs.existsSync(path.join(NODES_DIR, type, 'locales', lang))) return undefined;
  let value: unknown = catalog(type, lang)[type];
  for (const part of rest) value = typeof value === 'object' && value !== null ? (value as Catalog)[part] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Like RED._ in Node-RED: the text with __name__ replaced; the key itself when there is no text. */
export function render(key: string, substitutions: Record<string, unknown> = {}, lang = 'en-US'): string {
  const text = lookup(key, lang);
  if (text === undefined) return key;
  return text.replace(/__([A-Za-z0-9_]+)__/g, (whole, name: string) => (name in substitutions ? String(substitutions[name]) : whole));
}

/** Keys of errors, warnings and log lines: the texts node tests compare with what a user reads. */
export const MESSAGE_KEYS = (key: string) => /\.(errors|warnings|log)\./.test(key);

/**
 * `register` with a RED whose `_` renders the keys `renders` picks from the
 * `lang` catalog, and returns other keys as the test helper does.
 */
export function withLocale<F extends (RED: never) => unknown>(
  register: F,
  renders: (key: string) => boolean = MESSAGE_KEYS,
  lang = 'en-US',
): F {
  const translate = (key: string, substitutions?: Record<string, unknown>) => (renders(key) ? render(key, substitutions, lang) : key);
  const wrapped = (RED: object) => {
    const proxy = new Proxy(RED, {
      get: (target, property, receiver) => (property === '_' ? translate : (Reflect.get(target, property, receiver) as unknown)),
    });
    return register(proxy as never);
  };
  return wrapped as unknown as F;
}
