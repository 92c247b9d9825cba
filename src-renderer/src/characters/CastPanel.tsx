import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CastMemberView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { StoredPicture } from '../bridge/stored-picture';

/** A change to the cast: the book (with its cast), its making and the family's characters are asked for again. */
function useCastMutation<Input>(run: (input: Input) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await Promise.all(['library', 'generation', 'characters'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

/**
 * A book's characters with their portraits. While the family meets them (before the pages are
 * drawn) each can be drawn again, given another look or kept as a family character; then the book is drawn.
 */
export function CastPanel({ bookId, cast, reviewing }: { bookId: string; cast: CastMemberView[]; reviewing: boolean }) {
  const headingId = useId();
  const drawBook = useCastMutation(() => bridgeClient.call('generation.drawBook', { bookId }));
  const drawing = cast.some((member) => member.drawing);
  if (cast.length === 0) return null;
  return (
    <section className="cast panel stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{reviewing ? 'Meet the cast' : 'The cast'}</h3>
      {reviewing && <p>Every page is drawn from these portraits. Keep them, draw one again, or change how someone looks, then draw the book.</p>}
      <ul className="cast-list">
        {cast.map((member) => (
          <CastMemberCard key={member.id} member={member} reviewing={reviewing} />
        ))}
      </ul>
      {reviewing && (
        <p className="actions">
          <button type="button" className="primary" onClick={() => drawBook.mutate(undefined)} disabled={drawing || drawBook.isPending}>
            Draw the book
          </button>
          {drawing && <span role="status"> A portrait is being drawn…</span>}
        </p>
      )}
      {drawBook.error && <ErrorNote error={drawBook.error} />}
    </section>
  );
}

function CastMemberCard({ member, reviewing }: { member: CastMemberView; reviewing: boolean }) {
  const [editing, setEditing] = useState(false);
  const [look, setLook] = useState(member.look);
  const lookId = useId();
  const redraw = useCastMutation(() => bridgeClient.call('cast.redraw', { castId: member.id }));
  const updateLook = useCastMutation((newLook: string) => bridgeClient.call('cast.updateLook', { castId: member.id, look: newLook }));
  const save = useCastMutation(() => bridgeClient.call('cast.saveAsCharacter', { castId: member.id }));
  const error = redraw.error ?? updateLook.error ?? save.error;

  return (
    <li className="cast-member" aria-label={member.name}>
      <div className="cast-portrait">
        {member.portraitAssetSha256 ? <StoredPicture sha256={member.portraitAssetSha256} alt={`Portrait of ${member.name}`} /> : <span aria-hidden="true">?</span>}
      </div>
      <div className="stack">
        <strong>{member.name}</strong>
        {member.drawing && <span role="status">Drawing {member.name}…</span>}
        {member.portraitProblem && <p className="note">{member.portraitProblem}</p>}
        {editing ? (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              updateLook.mutate(look, { onSuccess: () => setEditing(false) });
            }}
          >
            <label htmlFor={lookId}>How {member.name} looks</label>
            <textarea id={lookId} value={look} onChange={(event) => setLook(event.target.value)} rows={3} maxLength={400} />
            <p className="actions">
              <button type="submit" disabled={updateLook.isPending}>
                Save the look and draw {member.name} again
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </p>
          </form>
        ) : (
          <p className="cast-look">{member.look}</p>
        )}
        {reviewing && !editing && (
          <p className="actions">
            <button type="button" onClick={() => redraw.mutate(undefined)} disabled={member.drawing || redraw.isPending}>
              Draw {member.name} again
            </button>
            <button
              type="button"
              onClick={() => {
                setLook(member.look);
                setEditing(true);
              }}
              disabled={member.drawing}
            >
              Change how {member.name} looks
            </button>
          </p>
        )}
        {member.characterId ? (
          <span className="badge">A family character</span>
        ) : (
          <button type="button" onClick={() => save.mutate(undefined)} disabled={save.isPending || member.drawing}>
            Keep {member.name} as a family character
          </button>
        )}
        {error && <ErrorNote error={error} />}
      </div>
    </li>
  );
}
