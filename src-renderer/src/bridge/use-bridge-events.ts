import { useEffect } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { EventName } from '../../../src-preload/contract';
import { bridgeClient } from './client';
import { isFamilyDataQuery } from './stored-picture';

/** Which cached queries each core event makes stale; the next render asks the core again. */
const staleAfter: Record<Exclude<EventName, 'bridge.connected'>, string[]> = {
  'library.changed': ['library'],
  'generation.progress': ['generation'],
  'queue.online': ['queue'],
  // Progress is shown as it arrives (useExportProgress); it makes nothing stale.
  'export.progress': [],
  'characters.changed': ['characters'],
  'family.changed': ['family', 'profile'],
  'profile.changed': ['profile', 'family'],
  'sync.status': ['sync'],
};

export function useBridgeEvents(queryClient: QueryClient): void {
  useEffect(
    () =>
      bridgeClient.subscribe((message) => {
        if (message.name === 'bridge.connected') {
          void queryClient.invalidateQueries({ predicate: (query) => isFamilyDataQuery(query.queryKey) });
          return;
        }
        for (const key of staleAfter[message.name]) void queryClient.invalidateQueries({ queryKey: [key] });
      }),
    [queryClient],
  );
}
