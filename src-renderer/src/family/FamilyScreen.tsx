import { useId, useState, type FormEvent } from 'react';
import type { MemberRole, MemberView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { useProfile } from '../library/library-queries';
import { ROLE_WORDS } from './role-words';
import { useAddMember, useFamily, useSetPin, useSwitchProfile } from './family-queries';

/**
 * Who is in the family and who is at the computer. Anyone may switch profile; switching to a
 * grown-up who has a PIN asks for it. Grown-ups add members and set PINs.
 */
export function FamilyScreen() {
  const family = useFamily();
  const profile = useProfile();
  const isParent = profile.data?.member.role === 'parent-admin';
  if (family.error) return <ErrorNote error={family.error} />;
  if (!family.data || !profile.data) return <p aria-live="polite">Finding the family…</p>;
  return (
    <section aria-labelledby="family-title" className="stack">
      <h2 id="family-title">{family.data.name}</h2>
      <p>
        At the computer now: <strong>{profile.data.member.displayName}</strong> ({ROLE_WORDS[profile.data.member.role]})
      </p>
      <ul className="member-list" aria-label="Family members">
        {family.data.members.map((member) => (
          <MemberRow key={member.id} member={member} current={member.id === profile.data.member.id} isParent={isParent} />
        ))}
      </ul>
      {isParent && <AddMemberForm />}
    </section>
  );
}

function MemberRow({ member, current, isParent }: { member: MemberView; current: boolean; isParent: boolean }) {
  const [askingPin, setAskingPin] = useState(false);
  const [settingPin, setSettingPin] = useState(false);
  const switchProfile = useSwitchProfile();
  const needsPin = member.role === 'parent-admin' && member.hasPin;
  return (
    <li className="panel member" aria-label={member.displayName}>
      <p className="member-name">
        <strong>{member.displayName}</strong> · {ROLE_WORDS[member.role]}
        {member.role === 'parent-admin' && (member.hasPin ? ' · has a PIN' : ' · no PIN yet')}
      </p>
      {current ? (
        <span className="badge">This is you</span>
      ) : askingPin ? (
        <PinForm
          label={`PIN for ${member.displayName}`}
          submitLabel={`Switch to ${member.displayName}`}
          onSubmit={(pin) => switchProfile.mutate({ memberId: member.id, pin })}
          onCancel={() => setAskingPin(false)}
          busy={switchProfile.isPending}
        />
      ) : (
        <button type="button" onClick={() => (needsPin ? setAskingPin(true) : switchProfile.mutate({ memberId: member.id }))}>
          Switch to {member.displayName}
        </button>
      )}
      {isParent && member.role === 'parent-admin' && !settingPin && (
        <button type="button" onClick={() => setSettingPin(true)}>
          {member.hasPin ? `Change ${member.displayName}’s PIN` : `Set a PIN for ${member.displayName}`}
        </button>
      )}
      {settingPin && <SetPinForm member={member} onDone={() => setSettingPin(false)} />}
      {switchProfile.error && <ErrorNote error={switchProfile.error} />}
    </li>
  );
}

function PinForm(props: { label: string; submitLabel: string; onSubmit(pin: string): void; onCancel(): void; busy: boolean }) {
  const [pin, setPin] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit(pin);
  };
  return (
    <form className="row pin-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>{props.label}</label>
        <input id={id} type="password" inputMode="numeric" autoComplete="off" pattern="\d{4,8}" minLength={4} maxLength={8} required value={pin} onChange={(event) => setPin(event.target.value)} autoFocus />
      </div>
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

function SetPinForm({ member, onDone }: { member: MemberView; onDone(): void }) {
  const setPin = useSetPin();
  const [currentPin, setCurrentPin] = useState('');
  const currentId = useId();
  return (
    <div className="stack">
      {member.hasPin && (
        <div className="field">
          <label htmlFor={currentId}>Current PIN</label>
          <input id={currentId} type="password" inputMode="numeric" autoComplete="off" value={currentPin} onChange={(event) => setCurrentPin(event.target.value)} />
        </div>
      )}
      <PinForm
        label={`New PIN for ${member.displayName} (4 to 8 digits)`}
        submitLabel="Save PIN"
        onSubmit={(pin) => setPin.mutate({ memberId: member.id, pin, currentPin: member.hasPin ? currentPin : undefined }, { onSuccess: onDone })}
        onCancel={onDone}
        busy={setPin.isPending}
      />
      {setPin.error && <ErrorNote error={setPin.error} />}
    </div>
  );
}

function AddMemberForm() {
  const add = useAddMember();
  const [name, setName] = useState('');
  const [role, setRole] = useState<MemberRole>('child-creator');
  const nameId = useId();
  const roleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ displayName: name, role }, { onSuccess: () => setName('') });
  };
  return (
    <form className="panel row add-member" onSubmit={submit} aria-label="Add someone to the family">
      <div className="field grow">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} maxLength={60} required />
      </div>
      <div className="field">
        <label htmlFor={roleId}>Who</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as MemberRole)}>
          <option value="child-creator">Child</option>
          <option value="parent-admin">Grown-up</option>
        </select>
      </div>
      <button type="submit" className="primary" disabled={add.isPending}>
        Add to the family
      </button>
      {add.error && <ErrorNote error={add.error} />}
    </form>
  );
}
