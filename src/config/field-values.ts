// Reading editor values: Node-RED stores form fields as strings (sometimes
// numbers or booleans); blank means "not set". Pure.

export type FieldValue<T> = { set: false } | { set: true; value: T } | { set: true; error: string };

export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

export function readNumber(raw: unknown, label: string, rule: { min?: number; max?: number; integer?: boolean }): FieldValue<number> {
  if (isBlank(raw)) return { set: false };
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(value)) return { set: true, error: `${label} must be a number` };
  if (rule.integer && !Number.isInteger(value)) return { set: true, error: `${label} must be a whole number` };
  if (rule.min !== undefined && value < rule.min) return { set: true, error: `${label} must be at least ${rule.min}` };
  if (rule.max !== undefined && value > rule.max) return { set: true, error: `${label} must be at most ${rule.max}` };
  return { set: true, value };
}

/** true/false, "true"/"false", or blank for the service default. */
export function readBoolean(raw: unknown, label: string): FieldValue<boolean> {
  if (isBlank(raw)) return { set: false };
  if (raw === true || raw === 'true') return { set: true, value: true };
  if (raw === false || raw === 'false') return { set: true, value: false };
  return { set: true, error: `${label} must be true, false or blank` };
}

/** A list typed as lines or comma-separated text (or given as an array); blank entries dropped. */
export function readList(raw: unknown, label: string): FieldValue<string[]> {
  if (isBlank(raw)) return { set: false };
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'string') items = raw.split(/[\n,]/);
  else return { set: true, error: `${label} must be a list of texts` };
  const values: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return { set: true, error: `${label} must be a list of texts` };
    const trimmed = item.trim();
    if (trimmed !== '') values.push(trimmed);
  }
  if (values.length === 0) return { set: false };
  return { set: true, value: values };
}

export function readText(raw: unknown, label: string, maxLength?: number): FieldValue<string> {
  if (isBlank(raw)) return { set: false };
  if (typeof raw !== 'string') return { set: true, error: `${label} must be text` };
  if (maxLength !== undefined && raw.length > maxLength) {
    return { set: true, error: `${label} must be at most ${maxLength} characters` };
  }
  return { set: true, value: raw };
}
