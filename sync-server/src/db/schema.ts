import type { Generated } from 'kysely';

export type Role = 'parent-admin' | 'child-creator';

export interface UsersTable {
  id: string;
  email: string;
  full_name: string;
  password_hash: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the token: a stolen database does not give working sessions. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface FamiliesTable {
  id: string;
  name: string;
  /** The last sequence number given to a change of this family; pulls ask for what came after. */
  sync_seq: number;
  moderation_json: string;
  created_at: string;
}

export interface MembershipsTable {
  family_id: string;
  user_id: string;
  role: Role;
  joined_at: string;
}

export interface InvitesTable {
  code_hash: string;
  family_id: string;
  role: Role;
  created_by: string;
  expires_at: string;
  accepted_by: string | null;
}

/** The synced copy of a family's data: the latest value of every field, last writer wins by HLC. */
export interface SyncFieldsTable {
  family_id: string;
  table_name: string;
  row_id: string;
  column_name: string;
  value_json: string;
  hlc: string;
  device_id: string;
  seq: number;
}

export interface BlobsTable {
  family_id: string;
  sha256: string;
  bytes: number;
  mime: string;
  created_at: string;
  last_referenced_at: string | null;
}

export interface BookSharesTable {
  token_hash: string;
  family_id: string;
  book_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface IdentitiesTable {
  provider: string;
  subject: string;
  user_id: string;
  created_at: string;
}

/** A sign-in with a provider, from the redirect there until the session it ends in. */
export interface OidcLoginsTable {
  state: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  /** The desktop app's loopback address; null for a browser. */
  return_to: string | null;
  app_state: string | null;
  /** The desktop app's own PKCE challenge for collecting its token. */
  app_challenge: string | null;
  handoff_hash: string | null;
  user_id: string | null;
  expires_at: string;
  /** SHA-256 of the cookie the sign-in's browser got at its start; only that browser may finish it. */
  browser_hash: string | null;
  /** The provider's user id, to be added to `user_id` (an account with a password) once its password is given. */
  link_subject: string | null;
  /** SHA-256 of the one-time ticket that, with that password, adds it. */
  link_hash: string | null;
}

export interface SubscriptionsTable {
  family_id: string;
  stripe_customer_id: string;
  stripe_subscription_id: string | null;
  plan_name: string | null;
  status: string;
  next_billing_date: string | null;
  state_as_of: number;
  updated_at: string;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: string;
}

export interface UsageTable {
  family_id: string;
  /** The calendar month, YYYY-MM (UTC). */
  period: string;
  books: number;
  pictures: number;
}

export interface ActiveGenerationsTable {
  id: string;
  family_id: string;
  user_id: string;
  started_at: string;
}

/** A signup waiting for the code mailed to its address. */
export interface PendingSignupsTable {
  email: string;
  full_name: string;
  password_hash: string;
  /** SHA-256 of the code mailed; of a code nobody was sent when the address already has an account. */
  code_hash: string;
  /** Codes tried against it: counted before each is checked. */
  tries: number;
  created_at: string;
  expires_at: string;
}

export interface SyncDatabase {
  users: UsersTable;
  sessions: SessionsTable;
  families: FamiliesTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  sync_fields: SyncFieldsTable;
  blobs: BlobsTable;
  book_shares: BookSharesTable;
  identities: IdentitiesTable;
  oidc_logins: OidcLoginsTable;
  subscriptions: SubscriptionsTable;
  stripe_events: StripeEventsTable;
  usage: UsageTable;
  active_generations: ActiveGenerationsTable;
  pending_signups: PendingSignupsTable;
  kysely_migration: { name: string; timestamp: Generated<string> };
}
