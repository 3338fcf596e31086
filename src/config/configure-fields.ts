// Checks msg.payload of a "configure" action: UpdateConfiguration fields the
// session's model takes mid-session, in wire (snake_case) or camelCase names.
// Returns them in wire form. Pure.
import { checkJsonValue, CONNECTION_PARAMETERS } from '../protocol/params';
import { appliesToModel, modelsNote, parameterSpec, wireName } from './model-fields';

export type ConfigureResult = { ok: true; fields: Record<string, unknown>; notes: string[] } | { ok: false; message: string };

export function updatableFields(model: string): string[] {
  return Object.values(CONNECTION_PARAMETERS)
    .filter((spec) => spec.updatable && !spec.deprecated && appliesToModel(spec, model))
    .map((spec) => spec.name);
}

export function readConfigureFields(payload: unknown, model: string): ConfigureResult {
  const allowed = updatableFields(model);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || ArrayBuffer.isView(payload)) {
    return { ok: false, message: 'configure: msg.payload must be an object of fields to change, e.g. {"max_turn_silence": 800}' };
  }
  const entries = Object.entries(payload as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, message: `configure: msg.payload has no fields; ${model} takes ${allowed.join(', ')}` };
  const fields: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [name, value] of entries) {
    const spec = parameterSpec(wireName(name));
    if (!spec || !spec.updatable) {
      return { ok: false, message: `configure: ${name.slice(0, 40)} cannot be changed mid-session; ${model} takes ${allowed.join(', ')}` };
    }
    if (!appliesToModel(spec, model)) {
      return { ok: false, message: `configure: ${spec.name} applies to ${modelsNote(spec)} only, not ${model}` };
    }
    const target = spec.aliasOf ?? spec.name;
    if (target in fields) return { ok: false, message: `configure: ${target} is given twice` };
    const check = checkJsonValue(spec, value);
    if (!check.ok) return { ok: false, message: `configure: ${spec.name} ${check.reason}` };
    if (check.note) notes.push(check.note);
    fields[target] = check.value;
  }
  return { ok: true, fields, notes };
}
