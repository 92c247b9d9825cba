import type { SyncStatusView } from '../../../src-preload/contract';

export const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

export const changesWaiting = (count: number) => (count === 1 ? '1 change waiting' : `${count} changes waiting`);

/** How the family's sync goes, in a few words; null when this computer does not sync. */
export function syncStateWords(status: SyncStatusView): string | null {
  switch (status.state) {
    case 'signed-out':
    case 'no-family':
      return null;
    case 'syncing':
      return 'Syncing…';
    case 'synced':
      return 'Synced';
    case 'pending':
      return changesWaiting(status.pending);
    case 'offline':
      return 'Offline — changes are kept here';
    case 'error':
      return `Sync problem: ${status.error ?? 'the last sync did not finish'}`;
  }
}
