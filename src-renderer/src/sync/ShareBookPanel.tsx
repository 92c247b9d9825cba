import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { CopyField } from '../app/CopyField';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { useSyncStatus } from './sync-queries';
import { day } from './sync-words';

/**
 * A read-only link to one book, served by the family's sync server; stopping revokes every link
 * to the book, including ones made before this window opened. For grown-ups. The server keeps
 * links only as hashes, so an earlier link cannot be shown again: only that it is still open.
 */
export function ShareBookPanel({ id, bookId, title }: { id: string; bookId: string; title: string }) {
  const status = useSyncStatus();
  const queryClient = useQueryClient();
  const inFamily = Boolean(status.data?.account?.signedIn && status.data.family);
  const openLinks = useQuery({ queryKey: ['share-links', bookId], queryFn: () => bridgeClient.call('sync.shareLinks', { bookId }), enabled: inFamily });
  const linksChanged = () => queryClient.invalidateQueries({ queryKey: ['share-links', bookId] });
  const share = useMutation({ mutationFn: () => bridgeClient.call('sync.share', { bookId }), onSuccess: linksChanged });
  const unshare = useMutation({
    mutationFn: () => bridgeClient.call('sync.unshare', { bookId }),
    onSuccess: async () => {
      share.reset();
      await linksChanged();
    },
  });
  const links = openLinks.data?.links ?? [];
  const lastOpen = links.at(-1);
  return (
    <section id={id} className="panel stack share-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Share {title}</h3>
      {status.error && <ErrorNote error={status.error} />}
      {status.data && !inFamily && (
        <p>
          Sharing needs Family sync: the link opens the book from the family’s sync server. <Link to="/settings">Set up Family sync in Settings</Link>.
        </p>
      )}
      {inFamily && (
        <>
          <p className="hint">Anyone with the link can read this book, and nothing else of the family’s, until it runs out or you stop sharing.</p>
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => {
                unshare.reset();
                share.mutate();
              }}
              disabled={share.isPending}
            >
              {share.isPending ? 'Making the link…' : share.data ? 'Make a new link' : 'Share a read-only link'}
            </button>
            {links.length > 0 && (
              <button type="button" onClick={() => unshare.mutate()} disabled={unshare.isPending}>
                Stop sharing
              </button>
            )}
          </div>
          {!share.data && lastOpen && (
            <p role="status">
              {links.length === 1 ? 'A read-only link to this book is open' : `${links.length} read-only links to this book are open`} until{' '}
              {day.format(new Date(lastOpen.expiresAt))}. Stop sharing to close {links.length === 1 ? 'it' : 'them all'}.
            </p>
          )}
          {share.data && (
            <>
              <CopyField key={share.data.url} label="Read-only link" value={share.data.url} what="the link" />
              <p className="hint">The link works until {day.format(new Date(share.data.expiresAt))}.</p>
            </>
          )}
          {unshare.isSuccess && <p role="status">Every link to this book has stopped working.</p>}
        </>
      )}
      {[share.error, unshare.error, openLinks.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
    </section>
  );
}
