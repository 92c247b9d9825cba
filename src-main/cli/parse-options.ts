import { InvalidArgumentError } from 'commander';

export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

export function parsePort(value: string): number {
  const port = parseWholeNumber(value);
  if (port < 1 || port > 65535) throw new InvalidArgumentError('must be between 1 and 65535.');
  return port;
}
