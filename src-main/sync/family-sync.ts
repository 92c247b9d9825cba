import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { SyncState, SyncStatusView } from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import { UserFacingError } from '../errors';
import type { Logger } from '../logging';
import type { SecretStore } from '../settings/secrets';
import type { Clock } from '../store/clock';
import type { MemberRole, StoreSchema } from '../store/schema';
import type { ChangeCapture } from './change-capture';
import { createNudgeListener, type NudgeListener } from './nudge-listener';
import { createSyncClient, SyncOfflineError, SyncRefusedError, type SyncClient } from './sync-client';
import { createSyncEngine, type BoundAccount, type SyncReport } from './sync-engine';

type SyncStatus = SyncStatusView;

const serverUrl = z
  .url({ error: 'the server address is a web address such as https://sync.example.com' })
  .refine((value) => /^https?:\/\//.test(value), { error: 'the server address starts with http:// or https://' });

export interface FamilySyncOptions {
  db: Kysely<StoreSchema>;
  changes: ChangeCapture;
  assets: AssetStore;
  clock: Clock;
  secrets: SecretStore;
  log: Logger;
  localFamilyId: string;
  /** Renames the local family after the family this library joined. */
  renameLocalFamily(name: string): Promise<void>;
  onStatus(status: SyncStatus): void;
  /** Called after pulled changes were applied here, so windows read again. */
  onPulled(): void;
  /** Whether to sync in the background (the app, the browser host); the CLI syncs when told. */
  background?: { intervalMs?: number; debounceMs?: number };
}

const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * The family's account on a sync server, and the library's sync with it: sign-in and out, making
 * or joining a family, sharing a book, and a background sync on local change, on an interval,
 * after a failed attempt (backing off), and when the server says another device changed something.
 */
export function createFamilySync(options: FamilySyncOptions) {
  const { db, secrets, log } = options;
  const engine = createSyncEngine(options);
  let running: Promise<SyncReport> | null = null;
  let again = false;
  let lastError: string | null = null;
  let offline = false;
  let timer: NodeJS.Timeout | null = null;
  let retryMs = RETRY_MIN_MS;
  let nudges: NudgeListener | null = null;
  let stopped = false;
  /**
   * An account being made, waiting for the code the server mailed. Kept in memory only (the
   * password with it, to finish the account or ask for a new code), never written down.
   */
  let pendingSignUp: { serverUrl: string; email: string; password: string; fullName: string } | null = null;
  /** The server the last Google or Apple sign-in was started with: its start page opens in the system browser before any account exists. */
  let browserSignInServer: string | null = null;
  const background = options.background;

  const token = () => secrets.get('sync-session-token');
  const readAccount = () => db.selectFrom('sync_account').selectAll().where('id', '=', 1).executeTakeFirst();

  async function clientForAccount(): Promise<{ account: BoundAccount; client: SyncClient }> {
    const account = await readAccount();
    if (!account || !account.signed_in || !token()) throw new UserFacingError('unavailable', 'Sign in to a sync server first (Settings → Family sync, or storysprout login).');
    if (!account.family_id) throw new UserFacingError('unavailable', 'This account is in no family yet: make one or join one with an invitation code.');
    return { account: account as BoundAccount, client: createSyncClient(account.server_url, token) };
  }

  async function status(): Promise<SyncStatus> {
    const account = await readAccount();
    const pending = Number((await db.selectFrom('sync_outbox').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
    const rejections = await db.selectFrom('sync_rejections').selectAll().orderBy('id', 'desc').limit(20).execute();
    const signedIn = Boolean(account?.signed_in && token());
    const state: SyncState = !signedIn
      ? 'signed-out'
      : !account?.family_id
        ? 'no-family'
        : running
          ? 'syncing'
          : offline
            ? 'offline'
            : lastError
              ? 'error'
              : pending > 0
                ? 'pending'
                : 'synced';
    return {
      state,
      pending,
      account: account ? { serverUrl: account.server_url, email: account.email, fullName: account.full_name, signedIn } : null,
      family: account?.family_id ? { id: account.family_id, name: account.family_name ?? '', role: account.role ?? 'child-creator' } : null,
      lastSyncedAt: account?.last_synced_at ?? null,
      error: offline ? null : lastError,
      rejections: rejections.map((row) => ({ table: row.table_name, rowId: row.row_id, column: row.column_name, reason: inFamilyWords(row.reason), at: row.created_at })),
      pendingSignUp: pendingSignUp && { serverUrl: pendingSignUp.serverUrl, email: pendingSignUp.email },
    };
  }

  const announce = async () => options.onStatus(await status());

  /** One sync, or the one already under way; a request during it runs another right after. */
  function syncNow(): Promise<SyncReport> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      await announce();
      try {
        const { account, client } = await clientForAccount();
        const report = await engine.syncOnce(account, client);
        lastError = null;
        offline = false;
        retryMs = RETRY_MIN_MS;
        if (report.applied > 0) options.onPulled();
        if (report.rejected.length > 0) log.warn({ rejected: report.rejected }, 'the sync server turned back some changes; they were rolled back here');
        return report;
      } catch (error) {
        offline = error instanceof SyncOfflineError;
        lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof SyncRefusedError && error.signedOut) await signedOutByServer();
        await db.updateTable('sync_account').set({ last_error: lastError }).where('id', '=', 1).execute();
        throw error;
      } finally {
        running = null;
        await announce();
        if (again) {
          again = false;
          schedule(0);
        } else if (lastError && background && !stopped) schedule(retryMs, true);
      }
    })();
    return running;
  }

  /** Syncs in the background after `delayMs`; failures are in the status, not thrown. */
  function schedule(delayMs: number, backingOff = false) {
    if (stopped || !background) return;
    if (timer) clearTimeout(timer);
    if (backingOff) retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    timer = setTimeout(() => {
      timer = null;
      void readyToSync().then(async (ready) => {
        if (ready) await syncNow().catch(() => undefined);
      });
    }, delayMs);
    timer.unref();
  }

  async function readyToSync(): Promise<boolean> {
    const account = await readAccount();
    return Boolean(account?.signed_in && account.family_id && token());
  }

  async function signedOutByServer() {
    secrets.delete('sync-session-token');
    await db.updateTable('sync_account').set({ signed_in: 0 }).where('id', '=', 1).execute();
    nudges?.close();
    nudges = null;
  }

  async function listenForNudges() {
    nudges?.close();
    nudges = null;
    if (!background || stopped) return;
    const account = await readAccount();
    const bearer = token();
    if (!account?.signed_in || !account.family_id || !bearer) return;
    nudges = createNudgeListener({ url: createSyncClient(account.server_url, token).eventsUrl(account.family_id), token: bearer, log, onNudge: () => schedule(0), onReconnect: () => schedule(0) });
  }

  /** Keeps a new session and who it belongs to; a different account or server starts this library's sync afresh. */
  async function keepSession(server: string, signedIn: { token: string; user: { id: string; email: string; fullName: string } }) {
    pendingSignUp = null;
    secrets.set('sync-session-token', signedIn.token);
    const previous = await readAccount();
    const sameAccount = previous && previous.user_id === signedIn.user.id && previous.server_url === server;
    const values = { server_url: server, user_id: signedIn.user.id, email: signedIn.user.email, full_name: signedIn.user.fullName, signed_in: 1 as const, last_error: null };
    await db.transaction().execute(async (trx) => {
      if (sameAccount) await trx.updateTable('sync_account').set(values).where('id', '=', 1).execute();
      else {
        await trx.deleteFrom('sync_account').execute();
        await trx.insertInto('sync_account').values({ id: 1, ...values, family_id: null, family_name: null, role: null, last_synced_at: null }).execute();
      }
    });
    lastError = null;
    offline = false;
    // A second device signing in to an account already in a family joins it at once.
    const client = createSyncClient(server, token);
    const { families } = await client.me();
    const account = await readAccount();
    const known = families.find((family) => family.id === account?.family_id) ?? (families.length === 1 ? families[0] : undefined);
    if (known) await bind({ id: known.id, name: known.name }, known.role, { made: false });
    else await announce();
    return status();
  }

  /** Joins this library to a server family: its books go up, the family's come down. */
  async function bind(family: { id: string; name: string }, role: MemberRole, how: { made: boolean }) {
    const account = await readAccount();
    if (account?.family_id !== family.id) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sync_fields').execute();
        await trx.deleteFrom('sync_waiting_pictures').execute();
        await trx.updateTable('sync_account').set({ family_id: family.id, family_name: family.name, role, cursor: 0 }).where('id', '=', 1).execute();
        await engine.queueWholeLibrary(trx, { withFamilyLimits: how.made });
      });
    } else await db.updateTable('sync_account').set({ family_name: family.name, role }).where('id', '=', 1).execute();
    await options.renameLocalFamily(family.name);
    await listenForNudges();
    schedule(0);
    await announce();
  }

  function waitingSignUp() {
    if (!pendingSignUp) throw new UserFacingError('invalid-input', 'No new account is waiting for a code here. Fill in the form to make one, and a code will be sent.');
    return pendingSignUp;
  }

  async function signedInClient() {
    const account = await readAccount();
    if (!account?.signed_in || !token()) throw new UserFacingError('unavailable', 'Sign in to a sync server first.');
    return { account, client: createSyncClient(account.server_url, token) };
  }

  const unsubscribe = options.changes.onChange(() => {
    void announce();
    schedule(background?.debounceMs ?? 1_500);
  });
  let interval: NodeJS.Timeout | null = null;
  if (background) {
    interval = setInterval(() => schedule(0), background.intervalMs ?? 60_000);
    interval.unref();
    void listenForNudges().then(() => schedule(0));
  }

  return {
    status,
    syncNow,

    /**
     * Signs in, or makes an account: at once on a server without mail, else once the code the server
     * mails is given (`confirmSignUp`, or here as `code` when the signup began in an earlier run).
     */
    async signIn(input: { serverUrl: string; email: string; password: string; signUp?: boolean; fullName?: string; code?: string }) {
      const client = createSyncClient(parseServerUrl(input.serverUrl), () => undefined);
      if (input.code) return keepSession(client.serverUrl, await client.confirmSignUp({ email: input.email, password: input.password, code: input.code }));
      if (!input.signUp) return keepSession(client.serverUrl, await client.logIn({ email: input.email, password: input.password }));
      const signUp = { email: input.email, password: input.password, fullName: input.fullName?.trim() || input.email.split('@')[0]! };
      const answer = await client.signUp(signUp);
      if ('token' in answer) return keepSession(client.serverUrl, answer);
      pendingSignUp = { serverUrl: client.serverUrl, ...signUp };
      await announce();
      return status();
    },

    /** Finishes the account being made with the code the server mailed. */
    async confirmSignUp(code: string) {
      const pending = waitingSignUp();
      return keepSession(pending.serverUrl, await createSyncClient(pending.serverUrl, () => undefined).confirmSignUp({ email: pending.email, password: pending.password, code }));
    },

    /** A new code for the account being made; the server forgets the last one. */
    async sendSignUpCodeAgain() {
      const pending = waitingSignUp();
      await createSyncClient(pending.serverUrl, () => undefined).signUp({ email: pending.email, password: pending.password, fullName: pending.fullName });
      return status();
    },

    /**
     * Sign-in with Google or Apple (RFC 8252): the system browser goes to the server's start page
     * with a loopback address here and a PKCE challenge; the server sends it back with a one-time
     * code only this verifier can exchange.
     */
    oidcSignIn(input: { serverUrl: string; provider: 'google' | 'apple'; returnTo: string }) {
      const server = createSyncClient(parseServerUrl(input.serverUrl), () => undefined).serverUrl;
      browserSignInServer = server;
      const codeVerifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const start = new URL(`${server}/api/auth/oidc/${input.provider}/start`);
      start.searchParams.set('returnTo', input.returnTo);
      start.searchParams.set('appState', state);
      start.searchParams.set('codeChallenge', createHash('sha256').update(codeVerifier).digest('base64url'));
      return {
        startUrl: start.href,
        finish: async (answer: { code?: string; state?: string }) => {
          if (!answer.code || answer.state !== state) throw new UserFacingError('invalid-input', 'That sign-in answer is not the one StorySprout asked for. Start again.');
          const signedIn = await createSyncClient(server, () => undefined).exchangeSignInCode({ code: answer.code, codeVerifier });
          return keepSession(server, signedIn);
        },
      };
    },

    /** Forgets the session; every book, page and picture stays, and syncs again after signing back in. */
    async signOut() {
      const account = await readAccount();
      if (account?.signed_in && token()) await createSyncClient(account.server_url, token).logOut().catch(() => undefined);
      secrets.delete('sync-session-token');
      await db.updateTable('sync_account').set({ signed_in: 0 }).where('id', '=', 1).execute();
      nudges?.close();
      nudges = null;
      lastError = null;
      offline = false;
      pendingSignUp = null;
      return status();
    },

    async createFamily(name: string) {
      const { client } = await signedInClient();
      const family = await client.createFamily(name);
      await bind(family, 'parent-admin', { made: true });
      return status();
    },

    async joinFamily(code: string) {
      const { account, client } = await signedInClient();
      const family = await client.acceptInvite(code.trim());
      const me = family.members.find((member) => member.userId === account.user_id);
      await bind(family, me?.role ?? 'child-creator', { made: false });
      return status();
    },

    async invite(role: MemberRole) {
      const { account, client } = await clientForAccount();
      return client.invite(account.family_id, role);
    },

    /** A read-only link to a book, after a sync so the server has the book as it is here. */
    async share(bookId: string) {
      await syncNow();
      const { account, client } = await clientForAccount();
      return client.share(account.family_id, bookId);
    },

    /** The book's links that still open it: when each was made and runs out. */
    async shareLinks(bookId: string) {
      const { account, client } = await clientForAccount();
      return (await client.shareLinks(account.family_id, bookId)).links;
    },

    async unshare(bookId: string) {
      const { account, client } = await clientForAccount();
      await client.unshare(account.family_id, bookId);
    },

    async billing() {
      const { account, client } = await clientForAccount();
      const [subscription, usage, plans] = await Promise.all([client.subscription(account.family_id), client.usage(account.family_id), client.plans()]);
      return { subscription, usage, plans: plans.plans };
    },
    async checkoutUrl(plan: string) {
      const { account, client } = await clientForAccount();
      return (await client.checkout(account.family_id, plan)).url;
    },
    async billingPortalUrl() {
      const { account, client } = await clientForAccount();
      return (await client.billingPortal(account.family_id)).url;
    },
    /** Where the family's AI proxy answers and the key to use there, for the storysprout-cloud provider. */
    async cloudAi(): Promise<{ baseURL: string; apiKey: string } | null> {
      const account = await readAccount();
      const bearer = token();
      if (!account?.signed_in || !account.family_id || !bearer) return null;
      return { baseURL: createSyncClient(account.server_url, token).aiProxyUrl(account.family_id), apiKey: bearer };
    },

    /** The family's sync servers now: the account's, and the one a Google or Apple sign-in was last started with. */
    async serverUrls(): Promise<string[]> {
      const account = await readAccount();
      return [account?.server_url, browserSignInServer].filter((url): url is string => Boolean(url));
    },

    async close() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (interval) clearInterval(interval);
      nudges?.close();
      await running?.catch(() => undefined);
    },
  };
}

/**
 * The server's reason, in words for the family: the window names what was changed, this says why.
 * Its rules are written for engineers ("only a parent may change family_settings.…").
 */
function inFamilyWords(reason: string): string {
  if (reason === 'only a parent may let a held page through') return 'only a grown-up of the family may let a held page through';
  if (reason.startsWith('only a parent may')) return 'only a grown-up of the family may change this';
  return reason.replace(/^[a-z_]+\.[a-z_]+: /, '');
}

function parseServerUrl(value: string): string {
  const parsed = serverUrl.safeParse(value.trim());
  if (!parsed.success) throw new UserFacingError('invalid-input', parsed.error.issues[0]?.message ?? 'That is not a server address.');
  return parsed.data;
}

export type FamilySync = ReturnType<typeof createFamilySync>;
