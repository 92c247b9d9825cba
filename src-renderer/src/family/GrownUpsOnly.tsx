import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useProfile } from '../library/library-queries';

/** A screen for grown-ups: a child who reaches it (by a bookmark, say) is sent to switch profile. */
export function GrownUpsOnly({ children }: { children: ReactNode }) {
  const profile = useProfile();
  if (!profile.data) return <p aria-live="polite">Checking who is here…</p>;
  if (profile.data.member.role === 'parent-admin') return children;
  return (
    <section className="stack" aria-labelledby="grown-ups-title">
      <h2 id="grown-ups-title">This part is for grown-ups</h2>
      <p>
        Ask a grown-up to <Link to="/family">switch to their profile</Link>.
      </p>
    </section>
  );
}
