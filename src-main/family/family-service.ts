import type { FamilyView, MemberRole, MemberView } from '../../src-preload/contract';
import type { ServiceContext } from '../app/context';
import { NotFoundError, UserFacingError } from '../errors';
import { isoNow } from '../store/clock';
import { newId } from '../store/ids';
import type { FamilyRow, MemberRow } from '../store/schema';
import { hashPin, verifyPin } from './pin';

export class WrongPinError extends UserFacingError {
  constructor() {
    super('wrong-pin', 'That PIN is not right. Try again.');
  }
}

export function createFamilyService({ db, clock }: ServiceContext) {
  async function findFamily(familyId: string): Promise<FamilyRow> {
    const row = await db
      .selectFrom('families')
      .selectAll()
      .where('id', '=', familyId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('That family');
    return row;
  }

  async function findMember(familyId: string, memberId: string): Promise<MemberRow> {
    const row = await db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', memberId)
      .where('family_id', '=', familyId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('That family member');
    return row;
  }

  return {
    findMember,

    /**
     * The family this computer keeps. The first run makes one with a single parent, so the app
     * works at once; the parent can add a PIN and children from the family screen.
     */
    async ensureFamily(): Promise<FamilyRow> {
      const existing = await db
        .selectFrom('families')
        .selectAll()
        .where('deleted', '=', 0)
        .orderBy('created_at')
        .executeTakeFirst();
      if (existing) return existing;
      const now = isoNow(clock);
      const family = { id: newId(), name: 'Our family', created_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('families').values(family).execute();
        await trx
          .insertInto('members')
          .values({ id: newId(), family_id: family.id, display_name: 'Parent', role: 'parent-admin', pin_hash: null, created_at: now, updated_at: now })
          .execute();
      });
      return findFamily(family.id);
    },

    async get(familyId: string): Promise<FamilyView> {
      const family = await findFamily(familyId);
      const members = await db
        .selectFrom('members')
        .selectAll()
        .where('family_id', '=', familyId)
        .where('deleted', '=', 0)
        .orderBy('created_at')
        .execute();
      return { id: family.id, name: family.name, members: members.map(toMemberView) };
    },

    async rename(familyId: string, name: string): Promise<void> {
      await findFamily(familyId);
      await db.updateTable('families').set({ name, updated_at: isoNow(clock) }).where('id', '=', familyId).execute();
    },

    async addMember(input: { familyId: string; displayName: string; role: MemberRole }): Promise<MemberView> {
      await findFamily(input.familyId);
      const now = isoNow(clock);
      const id = newId();
      await db
        .insertInto('members')
        .values({ id, family_id: input.familyId, display_name: input.displayName, role: input.role, pin_hash: null, created_at: now, updated_at: now })
        .execute();
      return toMemberView(await findMember(input.familyId, id));
    },

    /** Sets a parent's PIN; changing an existing one needs the current one. */
    async setPin(input: { familyId: string; memberId: string; pin: string; currentPin?: string }): Promise<MemberView> {
      const member = await findMember(input.familyId, input.memberId);
      if (member.role !== 'parent-admin') {
        throw new UserFacingError('invalid-input', 'Only a parent has a PIN: children switch to their profile without one.');
      }
      if (member.pin_hash && !(input.currentPin && (await verifyPin(input.currentPin, member.pin_hash)))) {
        throw new WrongPinError();
      }
      await db
        .updateTable('members')
        .set({ pin_hash: await hashPin(input.pin), updated_at: isoNow(clock) })
        .where('id', '=', member.id)
        .execute();
      return toMemberView(await findMember(input.familyId, member.id));
    },

    async checkPin(member: MemberRow, pin: string | undefined): Promise<boolean> {
      if (!member.pin_hash) return true;
      return pin !== undefined && verifyPin(pin, member.pin_hash);
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;

export function toMemberView(row: MemberRow): MemberView {
  return { id: row.id, displayName: row.display_name, role: row.role, hasPin: row.pin_hash !== null };
}
