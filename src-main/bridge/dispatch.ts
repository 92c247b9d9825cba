import type { z } from 'zod';
import { bridgeCalls, isCallName, type BridgeResponse, type CallName } from '../../src-preload/contract';
import { UserFacingError } from '../errors';
import type { Logger } from '../logging';
import type { BridgeHandlers } from './handlers';

export type Dispatch = (name: unknown, input: unknown) => Promise<BridgeResponse>;

/**
 * The one gate every call passes, from IPC and HTTP alike: a known name, a profile allowed to
 * make the call, an input that matches the contract's schema. Only then does a handler run.
 * Domain errors travel to the window with their message; anything else is logged and reported
 * without internals.
 */
export function createDispatcher(deps: {
  handlers: BridgeHandlers;
  isParent: () => boolean;
  log: Logger;
}): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      return failure('unknown-call', `There is no bridge call named ${JSON.stringify(name)}.`);
    }
    const spec = bridgeCalls[name];
    // Who is asking comes before what they sent: a child learns nothing of a parent call's input rules.
    if (spec.access === 'parent' && !deps.isParent()) {
      return failure('parent-only', 'Only a parent can do that. Switch to a parent profile first.');
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return failure('invalid-input', `${name}: ${describeIssues(parsed.error)}`);
    }
    try {
      const handler = deps.handlers[name] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof UserFacingError) return failure(error.code, error.message);
      deps.log.error({ err: error, call: name satisfies CallName }, 'bridge call failed');
      return failure('internal', 'Something went wrong. Your work is safe; please try again.');
    }
  };
}

function failure(code: string, message: string): BridgeResponse {
  return { ok: false, error: { code, message } };
}

/** "title: a book needs a title; pageCount: a book has at most 32 pages" */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      const message =
        issue.code === 'unrecognized_keys' ? `unexpected field ${issue.keys.map((key) => `“${key}”`).join(', ')}` : issue.message;
      return where ? `${where}: ${message}` : message;
    })
    .join('; ');
}
