import type { ProfileView } from '../../src-preload/contract';
import { UserFacingError } from '../errors';
import type { Clock } from '../store/clock';
import type { FamilyRow, MemberRow } from '../store/schema';
import type { SettingsStore } from '../settings/settings-store';
import { toMemberView, WrongPinError, type FamilyService } from './family-service';

const ACTIVE_MEMBER_KEY = 'profile.activeMemberId';
/** Kept in the library, so quitting and opening the app again does not start the count afresh. */
const PIN_GUESSES_KEY = 'profile.pinGuesses';
const MAX_WRONG_PINS = 5;
const LOCKOUT_MS = 60_000;

/**
 * Who is at the computer right now. Parent-only calls check this; switching to a parent who has
 * a PIN needs that PIN, and repeated wrong guesses lock switching for a minute.
 */
export async function createProfileSession(deps: {
  family: FamilyRow;
  families: FamilyService;
  settings: SettingsStore;
  clock: Clock;
}) {
  const { family, families, settings, clock } = deps;
  let { wrongPins, lockedUntil } = (await settings.get<{ wrongPins: number; lockedUntil: number }>(PIN_GUESSES_KEY)) ?? { wrongPins: 0, lockedUntil: 0 };
  const countGuess = async (wrong: number, until: number) => {
    wrongPins = wrong;
    lockedUntil = until;
    await settings.set(PIN_GUESSES_KEY, { wrongPins, lockedUntil });
  };

  async function startingMember(): Promise<MemberRow> {
    const remembered = await settings.get<string>(ACTIVE_MEMBER_KEY);
    if (remembered) {
      const member = await families.findMember(family.id, remembered).catch(() => null);
      if (member) return member;
    }
    const view = await families.get(family.id);
    const firstParent = view.members.find((member) => member.role === 'parent-admin') ?? view.members[0];
    if (!firstParent) throw new UserFacingError('not-found', 'This family has no members yet.');
    return families.findMember(family.id, firstParent.id);
  }

  let active = await startingMember();
  let switching: Promise<unknown> = Promise.resolve();

  async function current(): Promise<ProfileView> {
    active = await families.findMember(family.id, active.id);
    const view = await families.get(family.id);
    return { family: { id: view.id, name: view.name }, member: toMemberView(active) };
  }

  async function switchNow(memberId: string, pin: string | undefined): Promise<ProfileView> {
    const target = await families.findMember(family.id, memberId);
    if (target.role === 'parent-admin' && target.id !== active.id) {
      const now = clock.now().getTime();
      if (now < lockedUntil) {
        throw new UserFacingError('wrong-pin', `Too many wrong PINs. Try again in ${Math.ceil((lockedUntil - now) / 1000)} seconds.`);
      }
      // Counted before the slow check, and cleared only by a right PIN: no guess goes uncounted.
      const wrong = wrongPins + 1;
      await (wrong >= MAX_WRONG_PINS ? countGuess(0, now + LOCKOUT_MS) : countGuess(wrong, lockedUntil));
      if (!(await families.checkPin(target, pin))) throw new WrongPinError();
      await countGuess(0, 0);
    }
    active = target;
    await settings.set(ACTIVE_MEMBER_KEY, target.id);
    return current();
  }

  return {
    familyId: family.id,
    get member(): MemberRow {
      return active;
    },
    isParent: () => active.role === 'parent-admin',

    current,

    /** One switch at a time, so guesses sent together wait their turn and meet the lock. */
    switchTo(memberId: string, pin: string | undefined): Promise<ProfileView> {
      const next = switching.then(() => switchNow(memberId, pin));
      switching = next.catch(() => undefined);
      return next;
    },
  };
}

export type ProfileSession = Awaited<ReturnType<typeof createProfileSession>>;
