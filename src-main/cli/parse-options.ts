import { InvalidArgumentError } from 'commander';

export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

/** A port to listen on; 0 asks the system for any free one. */
export function parsePort(value: string): number {
  const port = parseWholeNumber(value);
  if (port > 65535) throw new InvalidArgumentError('must be between 0 (any free port) and 65535.');
  return port;
}

/** A number such as 1 or 0.85; its range is the bridge's to check, with the same words as the window's. */
export function parseDecimal(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('must be a number, such as 1 or 0.85.');
  return Number(value);
}
