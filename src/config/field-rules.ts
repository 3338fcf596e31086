// What a node's form field accepts, as data, and the one check of a value
// against it. The runtime reads its settings by these rules and the build
// (scripts/build.js) writes them into each node's editor, with
// acceptsFieldValue's own source as the editor's checker: so it must stay
// self-contained (no imports, no outer names, ES5 statements). Pure.
/* eslint-disable no-var -- acceptsFieldValue runs in the editor as written */

export type FieldRule =
  /** A number, or text that reads as one. */
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; blank?: boolean; minExclusive?: boolean }
  /** One of the values; true/false count as 'true'/'false'. */
  | { kind: 'choice'; values: readonly string[]; blank?: boolean; trim?: boolean }
  /** Text matching a regular expression. */
  | { kind: 'pattern'; pattern: string; blank?: boolean; trim?: boolean }
  /** Lines or comma-separated items (or an array); blank entries dropped. */
  | { kind: 'list'; maxItems?: number; itemPattern?: string; alone?: string }
  | { kind: 'text'; maxLength?: number }
  /** A JSON object, as text or as the object. */
  | { kind: 'json-object' }
  /** A JSON array, as text or as the array. */
  | { kind: 'json-array' }
  /** A ws:// or wss:// URL without credentials, token or fragment; or ${ENV_VAR}. */
  | { kind: 'ws-url' };

/** Blank: not set (undefined, null, or text of spaces). */
export function acceptsFieldValue(rule: FieldRule, value: unknown): boolean {
  var blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  var text = typeof value === 'string' ? value : '';
  var i;
  switch (rule.kind) {
    case 'number': {
      if (blank) return rule.blank === true;
      if (typeof value !== 'number' && typeof value !== 'string') return false;
      var n = typeof value === 'number' ? value : Number(text.trim());
      if (!isFinite(n)) return false;
      if (rule.integer && Math.floor(n) !== n) return false;
      if (rule.min !== undefined && (n < rule.min || (rule.minExclusive === true && n === rule.min))) return false;
      return !(rule.max !== undefined && n > rule.max);
    }
    case 'choice': {
      if (blank) return rule.blank === true;
      var chosen = typeof value === 'boolean' ? String(value) : text;
      if (rule.trim) chosen = chosen.trim();
      return rule.values.indexOf(chosen) >= 0;
    }
    case 'pattern':
      if (blank) return rule.blank === true;
      if (typeof value !== 'string' && typeof value !== 'number') return false;
      return new RegExp(rule.pattern).test(rule.trim ? String(value).trim() : String(value));
    case 'list': {
      if (blank) return true;
      var raw: unknown[];
      if (Array.isArray(value)) raw = value;
      else if (typeof value === 'string') raw = value.split(/[\n,]/);
      else return false;
      var items: string[] = [];
      for (i = 0; i < raw.length; i++) {
        var item = raw[i];
        if (typeof item !== 'string') return false;
        if (item.trim() !== '') items.push(item.trim());
      }
      if (rule.maxItems !== undefined && items.length > rule.maxItems) return false;
      if (rule.alone !== undefined && items.length > 1 && items.indexOf(rule.alone) >= 0) return false;
      if (rule.itemPattern !== undefined) {
        for (i = 0; i < items.length; i++) if (!new RegExp(rule.itemPattern).test(items[i])) return false;
      }
      return true;
    }
    case 'text':
      if (blank) return true;
      if (typeof value !== 'string') return false;
      return rule.maxLength === undefined || value.length <= rule.maxLength;
    case 'json-object':
    case 'json-array': {
      if (blank) return true;
      var parsed: unknown = value;
      if (typeof value === 'string') {
        try {
          parsed = JSON.parse(value);
        } catch (e) {
          return false;
        }
      }
      if (rule.kind === 'json-array') return Array.isArray(parsed);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    }
    case 'ws-url': {
      if (blank || typeof value !== 'string') return false;
      var url = text.trim();
      if (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(url)) return true;
      return /^wss?:\/\/[^\s/?#@]+(\/[^\s#]*)?$/i.test(url) && !/[?&]token=/.test(url);
    }
  }
  return false;
}
