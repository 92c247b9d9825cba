import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncStatusView } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

/** Under ['sync'], so every `sync.status` event from the core reads it again. */
export const useSyncStatus = () => useQuery({ queryKey: ['sync', 'status'], queryFn: () => bridgeClient.call('sync.status', {}) });

/**
 * Not under ['sync']: a sync runs after every change, and the plan and usage need not be asked of
 * the server each time. Read again when the account or family changes.
 */
export const useBilling = () => useQuery({ queryKey: ['billing'], queryFn: () => bridgeClient.call('sync.billing', {}) });

export const useSyncNow = () => useMutation({ mutationFn: () => bridgeClient.call('sync.now', {}) });

/**
 * Signing in or out, making or joining a family: the local family takes the server family's name
 * and its books arrive, so everything shown is read again.
 */
export function useAccountChange<Input>(run: (input: Input) => Promise<SyncStatusView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (status) => {
      queryClient.setQueryData(['sync', 'status'], status);
      await queryClient.invalidateQueries();
    },
  });
}

/** Opens an address in the system browser (Electron routes it there) or a new tab (the browser host). */
export function openOutside(url: string): void {
  window.open(url, '_blank', 'noopener');
}
