import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { StoredPicture } from '../bridge/stored-picture';
import { ErrorNote } from '../app/ErrorNote';
import { LimitsEditor } from './LimitsEditor';

/** Pages held back from children because their words or picture crossed the family's limits. */
export function ReviewScreen() {
  const queryClient = useQueryClient();
  const held = useQuery({ queryKey: ['library', 'review'], queryFn: () => bridgeClient.call('review.list', {}) });
  const moderation = useQuery({ queryKey: ['moderation'], queryFn: () => bridgeClient.call('moderation.get', {}) });
  const decide = useMutation({
    mutationFn: (input: CallArgs<'review.decide'>) => bridgeClient.call('review.decide', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });

  return (
    <section aria-labelledby="review-title" className="review">
      <h2 id="review-title">Pages for a grown-up to check</h2>
      {moderation.data && <p className="hint">How pages are checked: {moderation.data.limits}</p>}
      {held.error && <ErrorNote error={held.error} />}
      {decide.error && <ErrorNote error={decide.error} />}
      {held.data?.length === 0 && <p className="empty">Nothing is waiting. Every page is fine for the children.</p>}
      <ul className="review-list" aria-label="Held pages">
        {held.data?.map(({ bookId, bookTitle, page }) => (
          <li key={page.id} className="panel review-item" aria-label={`${bookTitle}, page ${page.orderIndex + 1}`}>
            {page.thumbnailAssetSha256 && <StoredPicture sha256={page.thumbnailAssetSha256} alt={`Held picture from ${bookTitle}`} />}
            <div className="stack">
              <h3>
                <Link to={`/books/${bookId}`}>{bookTitle}</Link>, page {page.orderIndex + 1}
              </h3>
              <p>{page.text}</p>
              <p className="held-reason">{page.heldReason}</p>
              <div className="actions">
                <button type="button" className="primary" onClick={() => decide.mutate({ pageId: page.id, decision: 'approve' })}>
                  It is fine: show it
                </button>
                <button type="button" onClick={() => decide.mutate({ pageId: page.id, decision: 'redraw' })}>
                  Draw a new picture
                </button>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {moderation.data && <LimitsEditor moderation={moderation.data} />}
    </section>
  );
}
