import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { EventName } from '../../../src-preload/contract';
import { bridgeClient } from './client';
import { refreshAfterChange } from './refresh-after-change';
import { isFamilyDataQuery } from './stored-picture';

/**
 * Someone else is at the computer: what the last profile was shown is forgotten, not just marked
 * stale, so no screen shows it again (a parent's held page, to a child) while the core is asked anew.
 */
export function forgetWhatTheLastProfileSaw(queryClient: QueryClient): Promise<void> {
  return queryClient.resetQueries({ predicate: (query) => isFamilyDataQuery(query.queryKey) });
}

/** Which cached queries each core event makes stale; the next render asks the core again. */
const staleAfter: Record<Exclude<EventName, 'bridge.connected' | 'profile.changed'>, string[]> = {
  'library.changed': ['library'],
  'generation.progress': ['generation'],
  'queue.online': ['queue'],
  // Progress is shown as it arrives (useExportProgress); it makes nothing stale.
  'export.progress': [],
  'characters.changed': ['characters'],
  'family.changed': ['family', 'profile'],
  'sync.status': ['sync'],
  'update.status': ['update'],
};

export function useBridgeEvents(queryClient: QueryClient): void {
  useEffect(
    () =>
      bridgeClient.subscribe((message) => {
        if (message.name === 'bridge.connected') {
          void refreshAfterChange(queryClient, { predicate: (query) => isFamilyDataQuery(query.queryKey) });
          return;
        }
        if (message.name === 'profile.changed') {
          void forgetWhatTheLastProfileSaw(queryClient);
          return;
        }
        for (const key of staleAfter[message.name]) void refreshAfterChange(queryClient, { queryKey: [key] });
      }),
    [queryClient],
  );
}
