import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CallArgs, SyncStatusView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { openOutside, useAccountChange } from './sync-queries';

type BrowserProvider = CallArgs<'sync.startBrowserSignIn'>['provider'];

/**
 * Signing in to the family's sync server, or making an account there; or with Google or Apple in
 * the system browser, which hands the sign-in back to the core (the status then changes by itself).
 * A server that mails a code to finish a new account gets it typed here.
 */
export function SignInForm({ previous, pendingSignUp }: { previous: SyncStatusView['account']; pendingSignUp: SyncStatusView['pendingSignUp'] }) {
  const [changingDetails, setChangingDetails] = useState(false);
  if (pendingSignUp && !changingDetails) return <SignUpCodeForm pendingSignUp={pendingSignUp} onChangeDetails={() => setChangingDetails(true)} />;
  return (
    <AccountForm
      initial={{ serverUrl: pendingSignUp?.serverUrl ?? previous?.serverUrl ?? '', email: pendingSignUp?.email ?? previous?.email ?? '', signUp: pendingSignUp !== null }}
      onSent={() => setChangingDetails(false)}
    />
  );
}

function AccountForm({ initial, onSent }: { initial: { serverUrl: string; email: string; signUp: boolean }; onSent(): void }) {
  const [serverUrl, setServerUrl] = useState(initial.serverUrl);
  const [email, setEmail] = useState(initial.email);
  const [password, setPassword] = useState('');
  const [signUp, setSignUp] = useState(initial.signUp);
  const [fullName, setFullName] = useState('');
  const signIn = useAccountChange((input: CallArgs<'sync.signIn'>) => bridgeClient.call('sync.signIn', input));
  const browserSignIn = useMutation({
    mutationFn: (provider: BrowserProvider) => bridgeClient.call('sync.startBrowserSignIn', { serverUrl, provider }),
    onSuccess: ({ startUrl }) => openOutside(startUrl),
  });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ serverUrl, email, password, signUp, fullName: signUp ? fullName : undefined }, { onSuccess: onSent });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Sign in to Family sync">
      <p>Sign in to the family’s sync server to have the same books on every computer the family uses, share a book as a read-only link, and make books with StorySprout Cloud.</p>
      <div className="field grow">
        <label htmlFor={`${id}-server`}>Server address</label>
        <input id={`${id}-server`} type="url" value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} placeholder="https://sync.example.com" required />
      </div>
      <div className="row">
        <div className="field grow">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={signUp} onChange={(event) => setSignUp(event.target.checked)} /> Create an account
      </label>
      {signUp && (
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Full name</label>
          <input id={`${id}-name`} autoComplete="name" value={fullName} onChange={(event) => setFullName(event.target.value)} maxLength={100} />
        </div>
      )}
      <button type="submit" className="primary" disabled={signIn.isPending}>
        {signUp ? 'Create the account' : 'Sign in'}
      </button>
      {signIn.error && <ErrorNote error={signIn.error} />}
      <p className="hint">Or, on the same server, through the web browser:</p>
      <div className="row">
        <button type="button" onClick={() => browserSignIn.mutate('google')} disabled={browserSignIn.isPending}>
          Sign in with Google
        </button>
        <button type="button" onClick={() => browserSignIn.mutate('apple')} disabled={browserSignIn.isPending}>
          Sign in with Apple
        </button>
      </div>
      {browserSignIn.isSuccess && (
        <p role="status" className="notice">
          Finish signing in in the web browser that opened; this panel shows the family once you are in.
        </p>
      )}
      {browserSignIn.error && <ErrorNote error={browserSignIn.error} />}
    </form>
  );
}

/** The code the server mailed, which finishes the new account; or another one, or back to the form. */
function SignUpCodeForm({ pendingSignUp, onChangeDetails }: { pendingSignUp: NonNullable<SyncStatusView['pendingSignUp']>; onChangeDetails(): void }) {
  const [code, setCode] = useState('');
  const confirm = useAccountChange((input: CallArgs<'sync.confirmSignUp'>) => bridgeClient.call('sync.confirmSignUp', input));
  const sendAgain = useMutation({ mutationFn: () => bridgeClient.call('sync.sendSignUpCodeAgain', {}) });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ code });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Finish making the account">
      <p role="status" className="notice">
        We sent a code to <strong>{pendingSignUp.email}</strong>. Type it here to finish making the account. If this email already has an account, the email says so instead: then
        sign in with it.
      </p>
      <div className="field">
        <label htmlFor={`${id}-code`}>Code from the email</label>
        <input
          id={`${id}-code`}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          placeholder="1234 5678"
          maxLength={9}
          required
        />
      </div>
      <button type="submit" className="primary" disabled={confirm.isPending}>
        Finish making the account
      </button>
      {confirm.error && <ErrorNote error={confirm.error} />}
      <p className="hint">No email after a few minutes? Look in the spam folder too, or:</p>
      <div className="row">
        <button type="button" onClick={() => sendAgain.mutate()} disabled={sendAgain.isPending}>
          Send it again
        </button>
        <button type="button" onClick={onChangeDetails}>
          Use another email
        </button>
      </div>
      {sendAgain.isSuccess && (
        <p role="status" className="notice">
          A new code is on its way. The one before it no longer works.
        </p>
      )}
      {sendAgain.error && <ErrorNote error={sendAgain.error} />}
    </form>
  );
}
