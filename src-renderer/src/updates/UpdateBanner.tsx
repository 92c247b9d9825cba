import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';

const AFTER: Record<'a book is being made' | 'changes are waiting to reach the family', string> = {
  'a book is being made': 'the book being made is finished',
  'changes are waiting to reach the family': 'your changes have reached the family',
};

/**
 * A new version, once it is downloaded: the family restarts into it when it suits them. It is
 * never shown before the download is done, and the restart waits for a book being made and for
 * changes on their way to the family.
 */
export function UpdateBanner() {
  const queryClient = useQueryClient();
  const update = useQuery({ queryKey: ['update'], queryFn: () => bridgeClient.call('update.status', {}) });
  const restart = useMutation({
    mutationFn: () => bridgeClient.call('update.restart', {}),
    onSuccess: (view) => queryClient.setQueryData(['update'], view),
  });
  const view = update.data;
  if (!view?.readyVersion) return null;
  return (
    <div role="status" className="update-banner">
      {view.restartRequested && view.waitingFor ? (
        <p>StorySprout {view.readyVersion} will start as soon as {AFTER[view.waitingFor]}.</p>
      ) : (
        <>
          <p>A new version of StorySprout ({view.readyVersion}) is ready. Restart to update; it also updates the next time you quit.</p>
          <button type="button" onClick={() => restart.mutate()} disabled={restart.isPending || view.restartRequested}>
            Restart now
          </button>
        </>
      )}
      {restart.error && <ErrorNote error={restart.error} />}
    </div>
  );
}
