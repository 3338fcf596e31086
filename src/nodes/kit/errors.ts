// Reporting failures so Catch nodes see them. An input handler answers with
// done(err): Node-RED then calls node.error(err, msg) itself, so calling both
// would report the failure twice. Without a msg (a source node, a fault in
// the background) node.error(err, {}) is what reaches Catch nodes.
import { setStatus } from './status';

export type Done = (err?: Error) => void;

interface ReportingNode {
  status(status: { fill: 'red'; shape: 'ring'; text: string }): void;
  error(err: unknown, msg?: object): void;
}

export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/** The input handler failed: red status (when `statusText` is given) and done(err). */
export function failInput(node: ReportingNode, done: Done, err: unknown, statusText?: string): void {
  if (statusText !== undefined) setStatus(node, 'red', 'ring', statusText);
  done(toError(err));
}

/** A failure with no msg to answer: node.error(err, {}) and red status (when `statusText` is given). */
export function reportError(node: ReportingNode, err: unknown, statusText?: string): void {
  if (statusText !== undefined) setStatus(node, 'red', 'ring', statusText);
  node.error(err, {});
}
