// OAuth clients, grant codes, refresh and access tokens, with Zoho's lifetimes and limits
// (reference §2.8): 15 live access tokens per refresh token (the 16th evicts the oldest), 10 mints
// per refresh token per 10 minutes, 20 refresh tokens per user and client (the 21st evicts the oldest).

import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../clock';
import type { DataCenter } from '../seed/orgs';

export const MAX_LIVE_ACCESS_TOKENS_PER_REFRESH = 15;
export const MAX_MINTS_PER_WINDOW = 10;
export const MINT_WINDOW_SECONDS = 600;
export const MAX_REFRESH_TOKENS_PER_USER_CLIENT = 20;
export const SELF_CLIENT_CODE_TTL_SECONDS = 600;

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  /**
   * Zoho's Multi-DC setting (api-console > client > Settings): the data centers whose accounts
   * server knows this client. Absent = every data center (Multi-DC on for all). Elsewhere the token
   * endpoint answers `invalid_client`, as Zoho does for a client it does not know (reference §2.7).
   */
  dataCenters?: DataCenter[];
  /** Per-DC secrets (Multi-DC with "use a different secret"): the DC's own secret replaces clientSecret there. */
  dcSecrets?: Partial<Record<DataCenter, string>>;
}

export interface GrantCode {
  code: string;
  clientId: string;
  userEmail: string;
  dc: DataCenter;
  scopes: string[];
  /** null for self-client codes, which are exchanged without a redirect_uri. */
  redirectUri: string | null;
  offline: boolean;
  forceConsent: boolean;
  expiresAtMs: number;
  used: boolean;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userEmail: string;
  dc: DataCenter;
  scopes: string[];
  createdAtMs: number;
  mintTimesMs: number[];
  accessTokens: string[];
}

export interface AccessToken {
  token: string;
  clientId: string;
  userEmail: string;
  dc: DataCenter;
  scopes: string[];
  expiresAtMs: number;
  refreshToken: string | null;
}

function tokenString(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export class TokenStore {
  readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, GrantCode>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly accessTokens = new Map<string, AccessToken>();
  /** user|client pairs that already hold a refresh token: a consent without prompt=consent gets none. */
  private readonly consented = new Set<string>();

  constructor(private readonly clock: EmulatorClock, private readonly tokenTtlSeconds: number) {}

  addClient(client: OAuthClient): OAuthClient {
    this.clients.set(client.clientId, client);
    return client;
  }

  createClient(name: string, redirectUris: string[]): OAuthClient {
    const clientId = `1000.${randomBytes(15).toString('hex').toUpperCase().slice(0, 30)}`;
    return this.addClient({ clientId, clientSecret: randomBytes(21).toString('hex'), name, redirectUris });
  }

  issueCode(grant: Omit<GrantCode, 'code' | 'used' | 'expiresAtMs'>, ttlSeconds: number): GrantCode {
    const code: GrantCode = { ...grant, code: tokenString(), used: false, expiresAtMs: this.clock.now() + ttlSeconds * 1000 };
    this.codes.set(code.code, code);
    return code;
  }

  findCode(code: string): GrantCode | undefined {
    return this.codes.get(code);
  }

  /** Whether an exchange of this code yields a refresh token (offline, and first consent or prompt=consent). */
  wantsRefreshToken(code: GrantCode): boolean {
    return code.offline && (code.forceConsent || !this.consented.has(`${code.userEmail}|${code.clientId}`));
  }

  createRefreshToken(code: GrantCode): RefreshToken {
    const now = this.clock.now();
    const refresh: RefreshToken = {
      token: tokenString(), clientId: code.clientId, userEmail: code.userEmail, dc: code.dc, scopes: code.scopes,
      createdAtMs: now, mintTimesMs: [], accessTokens: [],
    };
    const mine = [...this.refreshTokens.values()]
      .filter((r) => r.userEmail === code.userEmail && r.clientId === code.clientId)
      .sort((a, b) => a.createdAtMs - b.createdAtMs);
    while (mine.length >= MAX_REFRESH_TOKENS_PER_USER_CLIENT) {
      const oldest = mine.shift();
      if (oldest) this.deleteRefreshToken(oldest.token);
    }
    this.refreshTokens.set(refresh.token, refresh);
    this.consented.add(`${code.userEmail}|${code.clientId}`);
    return refresh;
  }

  findRefreshToken(token: string): RefreshToken | undefined {
    return this.refreshTokens.get(token);
  }

  /** Mints against a refresh token's throttle; 'throttled' when 10 were minted in the last 10 minutes. */
  mintFromRefresh(refresh: RefreshToken, countTowardsThrottle: boolean): AccessToken | 'throttled' {
    const now = this.clock.now();
    refresh.mintTimesMs = refresh.mintTimesMs.filter((t) => t > now - MINT_WINDOW_SECONDS * 1000);
    if (countTowardsThrottle) {
      if (refresh.mintTimesMs.length >= MAX_MINTS_PER_WINDOW) return 'throttled';
      refresh.mintTimesMs.push(now);
    }
    const access = this.mint(refresh.clientId, refresh.userEmail, refresh.dc, refresh.scopes, refresh.token);
    refresh.accessTokens = refresh.accessTokens.filter((t) => this.isLive(t));
    refresh.accessTokens.push(access.token);
    while (refresh.accessTokens.length > MAX_LIVE_ACCESS_TOKENS_PER_REFRESH) {
      const oldest = refresh.accessTokens.shift();
      if (oldest) this.accessTokens.delete(oldest);
    }
    return access;
  }

  mint(clientId: string, userEmail: string, dc: DataCenter, scopes: string[], refreshToken: string | null): AccessToken {
    const access: AccessToken = {
      token: tokenString(), clientId, userEmail, dc, scopes, refreshToken,
      expiresAtMs: this.clock.now() + this.tokenTtlSeconds * 1000,
    };
    this.accessTokens.set(access.token, access);
    return access;
  }

  get ttlSeconds(): number {
    return this.tokenTtlSeconds;
  }

  private isLive(token: string): boolean {
    const access = this.accessTokens.get(token);
    return !!access && access.expiresAtMs > this.clock.now();
  }

  /** A live access token, or undefined when unknown, expired or revoked. */
  findAccessToken(token: string): AccessToken | undefined {
    const access = this.accessTokens.get(token);
    if (!access) return undefined;
    if (access.expiresAtMs <= this.clock.now()) return undefined;
    return access;
  }

  deleteRefreshToken(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (!refresh) return false;
    for (const access of refresh.accessTokens) this.accessTokens.delete(access);
    this.refreshTokens.delete(token);
    const key = `${refresh.userEmail}|${refresh.clientId}`;
    if (![...this.refreshTokens.values()].some((r) => `${r.userEmail}|${r.clientId}` === key)) this.consented.delete(key);
    return true;
  }

  deleteAccessToken(token: string): boolean {
    return this.accessTokens.delete(token);
  }

  /** Expires every access token (of one user, or everyone) now; refresh tokens stay valid. */
  expireAccessTokens(userEmail?: string): number {
    let n = 0;
    const now = this.clock.now();
    for (const access of this.accessTokens.values()) {
      if (userEmail && access.userEmail !== userEmail) continue;
      if (access.expiresAtMs > now) n++;
      access.expiresAtMs = Math.min(access.expiresAtMs, now);
    }
    return n;
  }

  /** Revokes refresh tokens (and so their access tokens) plus stray access tokens of one user or everyone. */
  revokeAll(userEmail?: string): { refreshTokens: number; accessTokens: number } {
    let refreshCount = 0;
    for (const refresh of [...this.refreshTokens.values()]) {
      if (userEmail && refresh.userEmail !== userEmail) continue;
      this.deleteRefreshToken(refresh.token);
      refreshCount++;
    }
    let accessCount = 0;
    for (const access of [...this.accessTokens.values()]) {
      if (userEmail && access.userEmail !== userEmail) continue;
      this.accessTokens.delete(access.token);
      accessCount++;
    }
    return { refreshTokens: refreshCount, accessTokens: accessCount };
  }

  clearTokens(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.consented.clear();
  }

  stats(): { codes: number; refreshTokens: number; accessTokens: number } {
    return { codes: this.codes.size, refreshTokens: this.refreshTokens.size, accessTokens: this.accessTokens.size };
  }
}
