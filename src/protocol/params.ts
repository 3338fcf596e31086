// The validators the simulator, the transcriber's editor and the session share,
// over the parameter table in connection-parameters.ts (re-exported here, so
// this stays the one module to import). Pure: no I/O.

import { CONNECTION_PARAMETERS, type ConnectionParameterSpec } from './connection-parameters';

export * from './connection-parameters';

export type ParameterValue = string | number | boolean | string[] | Record<string, unknown>;
export type ParsedParameters = Record<string, ParameterValue>;

export type ValidationResult =
  | {
      ok: true;
      params: ParsedParameters;
      /** Names that are not in CONNECTION_PARAMETERS; the service ignores them. */
      unknown: string[];
      /** Notes on values accepted but changed (e.g. keyterms longer than 50 characters dropped). */
      notes: string[];
    }
  | { ok: false; parameter: string; reason: string };

export type ParameterCheck = { ok: true; value: ParameterValue; note?: string } | { ok: false; reason: string };

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A language_codes item: ISO 639-1 (or -3), an optional region, or "multi". */
export const LANGUAGE_CODE = /^([a-z]{2,3}(-[A-Za-z]{2,4})?|multi)$/;

function checkRange(s: ConnectionParameterSpec, n: number): ParameterCheck {
  if (s.min !== undefined && n < s.min) return { ok: false, reason: `must be between ${s.min} and ${s.max ?? 'any'}` };
  if (s.max !== undefined && n > s.max) return { ok: false, reason: `must be between ${s.min ?? 'any'} and ${s.max}` };
  return { ok: true, value: n };
}

/** Checks a list's items against the spec (shared by query and UpdateConfiguration forms). */
function checkList(s: ConnectionParameterSpec, items: unknown[]): ParameterCheck {
  if (!items.every((item) => typeof item === 'string')) return { ok: false, reason: 'must be a JSON array of strings' };
  let list = items;
  if (s.maxItems !== undefined && list.length > s.maxItems) return { ok: false, reason: `must have at most ${s.maxItems} items` };
  let note: string | undefined;
  if (s.ignoreItemsLongerThan !== undefined) {
    const limit = s.ignoreItemsLongerThan;
    const kept = list.filter((item) => item.length <= limit);
    if (kept.length !== list.length) note = `${s.name}: ${list.length - kept.length} item(s) longer than ${limit} characters ignored`;
    list = kept;
  }
  if (s.name === 'language_codes') {
    const bad = list.find((code) => !LANGUAGE_CODE.test(code));
    if (bad !== undefined) return { ok: false, reason: `"${bad}" is not a language code` };
    if (list.includes('multi') && list.length > 1) return { ok: false, reason: '"multi" must be the only language code' };
  }
  if (s.values) {
    const bad = list.find((item) => !(s.values as readonly string[]).includes(item));
    if (bad !== undefined) return { ok: false, reason: `"${bad}" is not one of ${s.values.join(', ')}` };
  }
  return note ? { ok: true, value: list, note } : { ok: true, value: list };
}

/** Parses and checks one parameter given as query-string text (all occurrences, in order). */
export function checkQueryValue(s: ConnectionParameterSpec, texts: readonly string[]): ParameterCheck {
  const text = texts[texts.length - 1];
  switch (s.kind) {
    case 'string':
      if (s.maxLength !== undefined && text.length > s.maxLength) return { ok: false, reason: `must be at most ${s.maxLength} characters` };
      return { ok: true, value: text };
    case 'enum':
      if (!(s.values ?? []).includes(text)) return { ok: false, reason: `must be one of ${(s.values ?? []).join(', ')}` };
      return { ok: true, value: text };
    case 'integer':
      if (!INTEGER_TEXT.test(text)) return { ok: false, reason: 'must be an integer' };
      return checkRange(s, Number(text));
    case 'number':
      if (!NUMBER_TEXT.test(text)) return { ok: false, reason: 'must be a number' };
      return checkRange(s, Number(text));
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return { ok: false, reason: 'must be true or false' };
      return { ok: true, value: lower === 'true' };
    }
    case 'string-list': {
      // One JSON array, or (Fern's allow-multiple form) the parameter repeated with plain items.
      if (texts.length === 1) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return { ok: false, reason: 'must be a JSON array of strings' };
        }
        if (!Array.isArray(parsed)) return { ok: false, reason: 'must be a JSON array of strings' };
        return checkList(s, parsed);
      }
      return checkList(s, [...texts]);
    }
    case 'json-object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { ok: false, reason: 'must be a JSON object' };
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'must be a JSON object' };
      return { ok: true, value: parsed as Record<string, unknown> };
    }
  }
}

/** Checks one value given as JSON (the form UpdateConfiguration uses). */
export function checkJsonValue(s: ConnectionParameterSpec, value: unknown): ParameterCheck {
  switch (s.kind) {
    case 'string':
    case 'enum':
      if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
      return checkQueryValue(s, [value]);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, reason: 'must be an integer' };
      return checkRange(s, value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'must be a number' };
      return checkRange(s, value);
    case 'boolean':
      if (typeof value !== 'boolean') return { ok: false, reason: 'must be true or false' };
      return { ok: true, value };
    case 'string-list':
      if (!Array.isArray(value)) return { ok: false, reason: 'must be an array of strings' };
      return checkList(s, value);
    case 'json-object':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'must be an object' };
      return { ok: true, value: value as Record<string, unknown> };
  }
}

export type QueryInput = string | URLSearchParams | Record<string, string | readonly string[] | undefined>;

function toSearchParams(query: QueryInput): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (typeof query === 'string') return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out.append(name, value);
    else for (const v of value) out.append(name, v);
  }
  return out;
}

export interface ValidateQueryOptions {
  /** The docs say speech_model is required (default true); set false to accept its absence. */
  requireSpeechModel?: boolean;
}

/**
 * Validates a connection query string against CONNECTION_PARAMETERS. Known
 * parameters are parsed to their types (booleans case-insensitively, lists from
 * JSON); unknown ones are listed and otherwise ignored, as the service does.
 * The first bad value fails the whole query.
 */
export function validateConnectionQuery(query: QueryInput, options: ValidateQueryOptions = {}): ValidationResult {
  const search = toSearchParams(query);
  const params: ParsedParameters = {};
  const unknown: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const name of search.keys()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const s = CONNECTION_PARAMETERS[name];
    if (!s) {
      unknown.push(name);
      continue;
    }
    const check = checkQueryValue(s, search.getAll(name));
    if (!check.ok) return { ok: false, parameter: name, reason: check.reason };
    if (check.note) notes.push(check.note);
    const target = s.aliasOf ?? name;
    // The current name wins over its deprecated alias when both are present.
    if (s.aliasOf && search.has(s.aliasOf)) continue;
    params[target] = check.value;
  }
  if ((options.requireSpeechModel ?? true) && params.speech_model === undefined) {
    return { ok: false, parameter: 'speech_model', reason: 'is required' };
  }
  return { ok: true, params, unknown, notes };
}

export type ConfigurationUpdateResult =
  { ok: true; params: ParsedParameters; ignored: string[]; notes: string[] } | { ok: false; parameter: string; reason: string };

/**
 * Validates the fields of an UpdateConfiguration message (JSON values). Fields
 * that cannot be updated or are unknown are listed in `ignored`.
 */
export function validateConfigurationUpdate(fields: Record<string, unknown>): ConfigurationUpdateResult {
  const params: ParsedParameters = {};
  const ignored: string[] = [];
  const notes: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'type') continue;
    const s = CONNECTION_PARAMETERS[name];
    if (!s || !s.updatable) {
      ignored.push(name);
      continue;
    }
    const check = checkJsonValue(s, value);
    if (!check.ok) return { ok: false, parameter: name, reason: check.reason };
    if (check.note) notes.push(check.note);
    params[s.aliasOf ?? name] = check.value;
  }
  return { ok: true, params, ignored, notes };
}

/** Query-string form of a parameter value: booleans and numbers as text, lists and objects as JSON. */
export function formatQueryValue(value: ParameterValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
