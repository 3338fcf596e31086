// Setting and clearing a node's status badge. Status texts stay under
// STATUS_TEXT_LIMIT characters in every locale (checked by the locale test).
export type StatusFill = 'red' | 'green' | 'yellow' | 'blue' | 'grey';
export type StatusShape = 'ring' | 'dot';

export interface StatusView {
  fill: StatusFill;
  shape: StatusShape;
  text: string;
}

export const STATUS_TEXT_LIMIT = 20;

interface HasStatus {
  status(status: StatusView | Record<string, never>): void;
}

export function setStatus(node: HasStatus, fill: StatusFill, shape: StatusShape, text: string): void {
  node.status({ fill, shape, text });
}

export function clearStatus(node: HasStatus): void {
  node.status({});
}
