import type { FastifyReply } from 'fastify';

type Range = { start: number; end: number } | 'whole' | 'unsatisfiable';

/**
 * The part of a file of `length` bytes a `Range` header asks for, as RFC 9110 reads it: one range,
 * `first-last`, `first-` or `-suffix` (its end inclusive, cut to the file's). A header this does
 * not take (another unit, several ranges, first after last) asks for the whole file; a range
 * starting past the end cannot be given.
 */
export function byteRange(header: string | undefined, length: number): Range {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return 'whole';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === '' ? Infinity : Number(match[2]);
  if (last < start) return 'whole';
  return start >= length ? 'unsatisfiable' : { start, end: Math.min(last, length - 1) };
}

/**
 * Sends a file, or the part of it the request's Range asks for: an interrupted download carries on
 * with the rest, and a media element (Safari's above all) seeks and starts playing by ranges.
 */
export function sendRanged(reply: FastifyReply, data: Buffer, rangeHeader: string | undefined) {
  reply.header('accept-ranges', 'bytes');
  const range = byteRange(rangeHeader, data.length);
  if (range === 'whole') return reply.send(data);
  if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${data.length}`).send();
  return reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${data.length}`).send(data.subarray(range.start, range.end + 1));
}
