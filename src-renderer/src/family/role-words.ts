import type { MemberRole } from '../../../src-preload/contract';

export const ROLE_WORDS: Record<MemberRole, string> = { 'parent-admin': 'Grown-up', 'child-creator': 'Child' };
