import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { MemberRole, SyncStatusView } from '../../../src-preload/contract';
import { CopyField } from '../app/CopyField';
import { ErrorNote } from '../app/ErrorNote';
import { SelectField } from '../app/SelectField';
import { bridgeClient } from '../bridge/client';
import { ROLE_WORDS } from '../family/role-words';
import { useProfile } from '../library/library-queries';
import { BillingSection } from './BillingSection';
import { SignInForm } from './SignInForm';
import { useAccountChange, useSyncNow, useSyncStatus } from './sync-queries';
import { changesWaiting, day, syncStateWords, when } from './sync-words';

/** What a turned-back change was about, by the local table it was in. */
const CHANGE_WORDS: Record<string, string> = {
  books: 'A book',
  pages: 'A page',
  page_versions: 'A page’s history',
  characters: 'A character',
  moderation_settings: 'The family’s limits',
};

/**
 * The family's account on a sync server: signing in (or up), making or joining a family, inviting
 * others, syncing now, what the server turned back, and the family's plan. For grown-ups.
 */
export function FamilySyncPanel() {
  const status = useSyncStatus();
  const id = useId();
  const account = status.data?.account;
  return (
    <section className="panel stack family-sync" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Family sync</h3>
      {status.error && <ErrorNote error={status.error} />}
      {status.data && (account?.signedIn ? <SignedIn status={status.data} email={account.email} serverUrl={account.serverUrl} /> : <SignInForm previous={account ?? null} pendingSignUp={status.data.pendingSignUp} />)}
    </section>
  );
}

function SignedIn({ status, email, serverUrl }: { status: SyncStatusView; email: string; serverUrl: string }) {
  const signOut = useAccountChange(() => bridgeClient.call('sync.signOut', {}));
  return (
    <>
      <p>
        Signed in as <strong>{email}</strong> on <code className="path">{serverUrl}</code>.
      </p>
      {status.family ? <FamilyState status={status} family={status.family} /> : <NoFamilyYet />}
      <div className="row sync-part sign-out">
        <button type="button" onClick={() => signOut.mutate(undefined)} disabled={signOut.isPending}>
          Sign out
        </button>
        <p className="hint">Signing out deletes nothing on this computer: every book, page and picture stays here, and syncs again after signing back in.</p>
      </div>
      {signOut.error && <ErrorNote error={signOut.error} />}
    </>
  );
}

function FamilyState({ status, family }: { status: SyncStatusView; family: NonNullable<SyncStatusView['family']> }) {
  const syncNow = useSyncNow();
  const isFamilyParent = family.role === 'parent-admin';
  return (
    <>
      <dl className="sync-facts">
        <div>
          <dt>Family</dt>
          <dd>
            {family.name} · {ROLE_WORDS[family.role]}
          </dd>
        </div>
        <div>
          <dt>Sync</dt>
          <dd className={`sync-${status.state}`}>{syncStateWords(status)}</dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd>{status.lastSyncedAt ? <time dateTime={status.lastSyncedAt}>{when.format(new Date(status.lastSyncedAt))}</time> : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Waiting to go up</dt>
          <dd>{status.pending === 0 ? 'Nothing' : changesWaiting(status.pending)}</dd>
        </div>
      </dl>
      {/* A failed sync shows in the state above, which also clears once a later sync (in the background, say) succeeds. */}
      <button type="button" className="primary" onClick={() => syncNow.mutate()} disabled={syncNow.isPending || status.state === 'syncing'}>
        Sync now
      </button>
      {status.rejections.length > 0 && <TurnedBack rejections={status.rejections} />}
      {isFamilyParent && <InviteForm />}
      {isFamilyParent && <BillingSection />}
    </>
  );
}

function TurnedBack({ rejections }: { rejections: SyncStatusView['rejections'] }) {
  return (
    <div className="stack sync-part">
      <h4>Some changes were turned back</h4>
      <p className="hint">The family’s server did not take these changes; each went back to how the family has it.</p>
      <ul className="turned-back" aria-label="Changes turned back">
        {rejections.map((rejection) => (
          <li key={`${rejection.table}-${rejection.rowId}-${rejection.column}-${rejection.at}`}>
            <strong>{CHANGE_WORDS[rejection.table] ?? 'A change'}</strong>: {rejection.reason}{' '}
            <time dateTime={rejection.at}>{when.format(new Date(rejection.at))}</time>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoFamilyYet() {
  const profile = useProfile();
  const [name, setName] = useState(() => profile.data?.family.name ?? '');
  const [code, setCode] = useState('');
  const create = useAccountChange((familyName: string) => bridgeClient.call('sync.createFamily', { name: familyName }));
  const join = useAccountChange((invitation: string) => bridgeClient.call('sync.joinFamily', { code: invitation }));
  const makeId = useId();
  const joinId = useId();
  const submitMake = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name);
  };
  const submitJoin = (event: FormEvent) => {
    event.preventDefault();
    join.mutate(code);
  };
  return (
    <>
      <p>This account is in no family yet. Make one, with this computer’s books in it, or join one with a code from a grown-up in it.</p>
      <form className="stack sync-part" onSubmit={submitMake} aria-labelledby={`${makeId}-title`}>
        <h4 id={`${makeId}-title`}>Make a family</h4>
        <div className="row inline-form">
          <div className="field grow">
            <label htmlFor={makeId}>Family name</label>
            <input id={makeId} value={name} onChange={(event) => setName(event.target.value)} maxLength={60} required />
          </div>
          <button type="submit" className="primary" disabled={create.isPending}>
            Make the family
          </button>
        </div>
        {create.error && <ErrorNote error={create.error} />}
      </form>
      <form className="stack sync-part" onSubmit={submitJoin} aria-labelledby={`${joinId}-title`}>
        <h4 id={`${joinId}-title`}>Join with an invitation code</h4>
        <div className="row inline-form">
          <div className="field grow">
            <label htmlFor={joinId}>Invitation code</label>
            <input id={joinId} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" spellCheck={false} required />
          </div>
          <button type="submit" disabled={join.isPending}>
            Join the family
          </button>
        </div>
        {join.error && <ErrorNote error={join.error} />}
      </form>
    </>
  );
}

const INVITE_ROLES = ['child-creator', 'parent-admin'] as const satisfies readonly MemberRole[];

function InviteForm() {
  const [role, setRole] = useState<MemberRole>('child-creator');
  const invite = useMutation({ mutationFn: (invited: MemberRole) => bridgeClient.call('sync.invite', { role: invited }) });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(role);
  };
  return (
    <form className="stack sync-part" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Invite someone to the family</h4>
      <div className="row inline-form">
        <SelectField label="Who" value={role} options={INVITE_ROLES} optionLabel={(each) => ROLE_WORDS[each]} onChange={setRole} />
        <button type="submit" disabled={invite.isPending}>
          Make an invitation code
        </button>
      </div>
      {invite.data && (
        <>
          <CopyField key={invite.data.code} label={`Invitation code for a ${ROLE_WORDS[invite.data.role].toLowerCase()}`} value={invite.data.code} what="the code" />
          <p className="hint">
            Pass it on: they sign in to Family sync on their own computer and join with it, until {day.format(new Date(invite.data.expiresAt))}.
          </p>
        </>
      )}
      {invite.error && <ErrorNote error={invite.error} />}
    </form>
  );
}
