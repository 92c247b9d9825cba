import { useId } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Where the library lives, copies of it, and choosing one to bring back at the next start. */
export function BackupsPanel() {
  const queryClient = useQueryClient();
  const key = ['settings', 'backups'];
  const backups = useQuery({ queryKey: key, queryFn: () => bridgeClient.call('backups.list', {}) });
  const create = useMutation({ mutationFn: () => bridgeClient.call('backups.create', {}), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
  const restore = useMutation({
    mutationFn: (name: string | null) => bridgeClient.call('backups.restoreOnNextStart', { name }),
    onSuccess: (view) => queryClient.setQueryData(key, view),
  });
  const id = useId();
  return (
    <section className="panel stack" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>The library and its backups</h3>
      {backups.data && (
        <p>
          Everything is kept on this computer, in <code className="path">{backups.data.dataDir}</code>.
        </p>
      )}
      <button type="button" className="primary" onClick={() => create.mutate()} disabled={create.isPending}>
        {create.isPending ? 'Making a backup…' : 'Make a backup now'}
      </button>
      {backups.data?.restoreOnNextStart && (
        <p role="status" className="notice">
          {backups.data.restoreOnNextStart} will be brought back the next time StorySprout starts.{' '}
          <button type="button" onClick={() => restore.mutate(null)}>
            Keep the library as it is
          </button>
        </p>
      )}
      {backups.data && backups.data.backups.length === 0 && <p className="empty">No backups yet.</p>}
      {backups.data && backups.data.backups.length > 0 && (
        <ul className="backup-list" aria-label="Backups">
          {backups.data.backups.map((backup) => (
            <li key={backup.name}>
              <span>
                <strong>{when.format(new Date(backup.createdAt))}</strong> · {size(backup.bytes)}
                {backup.beforeRestore && ' · the library before a backup was brought back'}
              </span>
              {backups.data.restoreOnNextStart !== backup.name && (
                <button type="button" onClick={() => restore.mutate(backup.name)} aria-label={`Bring back the backup from ${when.format(new Date(backup.createdAt))}`}>
                  Bring back
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">Bringing a backup back happens when StorySprout next starts; the library as it is now is kept as a backup too.</p>
      {[backups.error, create.error, restore.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
    </section>
  );
}
