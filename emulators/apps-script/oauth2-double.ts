// A behaviour-compatible double of the apps-script-oauth2 library (global `OAuth2`), written from
// the spec in the platform reference §3 (not from the library's source). It reaches Apps Script
// only through the execution's own globals (UrlFetchApp, ScriptApp, Utilities), so its HTTP is real
// and counted, its tokens go through the same stores, and its lock is the same Lock.

import type { Realm } from './realm';

const EXPIRATION_BUFFER_SECONDS = 60; // §3.8
const LOCK_WAIT_MILLISECONDS = 30_000; // §3.4 step 3
const CACHE_TTL_SECONDS = 21_600; // §3.6
const NULL_VALUE = '__NULL__';
const TOKEN_FORMAT = { JSON: 'application/json', FORM_URL_ENCODED: 'application/x-www-form-urlencoded' } as const;

type Token = Record<string, unknown>;
interface Props { getProperty(k: string): string | null; setProperty(k: string, v: string): unknown; deleteProperty(k: string): unknown; getProperties(): Record<string, string> }
interface CacheLike { get(k: string): string | null; put(k: string, v: string, ttl?: number): void; remove(k: string): void }
interface LockLike { hasLock(): boolean; waitLock(ms: number): void; releaseLock(): void }
interface Globals {
  ScriptApp: { getScriptId(): string; newStateToken(): { withMethod(m: string): unknown; withArgument(k: string, v: string): unknown; withTimeout(s: number): unknown; createToken(): string } };
  UrlFetchApp: { fetch(url: string, params: Record<string, unknown>): { getContentText(): string; getResponseCode(): number } };
  Utilities: {
    base64Encode(v: unknown): string; base64EncodeWebSafe(v: unknown): string; computeDigest(alg: string, v: string, cs?: string): number[];
    computeRsaSha256Signature(v: string, key: string): number[]; getUuid(): string;
    DigestAlgorithm: { SHA_256: string }; Charset: { US_ASCII: string };
  };
}

export interface OAuth2DoubleOptions {
  /** 1.43.0 (the published "version 43") also requires a client secret in refresh(); HEAD (#513) does not (§3.1). */
  refreshRequiresClientSecret: boolean;
  clock: () => number;
}

/** Builds the `OAuth2` global for one execution. */
export function createOAuth2(realm: Realm, opts: OAuth2DoubleOptions): Record<string, unknown> {
  const g = () => realm.context as unknown as Globals;
  const fail = (message: string) => realm.error(message);
  const nowSeconds = () => Math.floor(opts.clock() / 1000);
  const json = realm.intrinsics.JSON;

  const validate = (params: Record<string, unknown>) => {
    for (const [label, value] of Object.entries(params)) if (!value) throw fail(`${label} is required.`);
  };

  class Storage {
    private readonly memory: Record<string, unknown> = {};
    constructor(readonly prefix: string, readonly properties: Props | undefined, readonly cache: CacheLike | undefined) {}

    private key(key?: string | null): string { return key ? `${this.prefix}.${key}` : this.prefix; }

    getValue(key?: string | null, skipMemory?: boolean): unknown {
      const k = this.key(key);
      if (!skipMemory) {
        const v = this.memory[k];
        if (v) return v === NULL_VALUE ? null : v;
      }
      if (this.cache) {
        const cached = this.cache.get(k);
        if (cached) {
          const v = json.parse(cached) as unknown;
          this.memory[k] = v;
          return v === NULL_VALUE ? null : v;
        }
      }
      if (this.properties) {
        const stored = this.properties.getProperty(k);
        if (stored) {
          if (this.cache) this.cache.put(k, stored, CACHE_TTL_SECONDS);
          const v = json.parse(stored) as unknown;
          this.memory[k] = v;
          return v;
        }
      }
      // A miss is remembered everywhere, including a 6 h "__NULL__" in the cache (§3.6 pitfall).
      this.memory[k] = NULL_VALUE;
      if (this.cache) this.cache.put(k, json.stringify(NULL_VALUE), CACHE_TTL_SECONDS);
      return null;
    }

    setValue(key: string | null | undefined, value: unknown): void {
      const k = this.key(key);
      const text = json.stringify(value);
      if (this.properties) this.properties.setProperty(k, text);
      if (this.cache) this.cache.put(k, text, CACHE_TTL_SECONDS);
      this.memory[k] = value;
    }

    removeValue(key?: string | null): void { this.removePrefixed(this.key(key)); }

    reset(): void {
      const keys = this.properties ? Object.keys(this.properties.getProperties()) : Object.keys(this.memory);
      for (const k of keys) if (k === this.prefix || k.startsWith(`${this.prefix}.`)) this.removePrefixed(k);
    }

    private removePrefixed(k: string): void {
      if (this.properties) this.properties.deleteProperty(k);
      if (this.cache) this.cache.remove(k);
      delete this.memory[k];
    }
  }

  class Service {
    params_: Record<string, unknown> = {};
    tokenFormat_: string = TOKEN_FORMAT.JSON;
    tokenHeaders_: Record<string, string> | null = null;
    tokenMethod_ = 'post';
    expirationMinutes_ = 60;
    authorizationBaseUrl_?: string; tokenUrl_?: string; refreshUrl_?: string; clientId_?: string; clientSecret_?: string;
    callbackFunctionName_?: string; propertyStore_?: Props; cache_?: CacheLike; lock_?: LockLike; redirectUri_?: string;
    tokenPayloadHandler_?: (p: Record<string, unknown>) => Record<string, unknown>; grantType_?: string;
    privateKey_?: string; issuer_?: string; subject_?: string; additionalClaims_?: Record<string, unknown>;
    codeVerifier_?: string; codeChallengeMethod_?: string; lastError_?: unknown; storage_?: Storage;

    constructor(readonly serviceName_: string) {}

    setAuthorizationBaseUrl(v: string) { this.authorizationBaseUrl_ = v; return this; }
    setTokenUrl(v: string) { this.tokenUrl_ = v; return this; }
    setRefreshUrl(v: string) { this.refreshUrl_ = v; return this; }
    setClientId(v: string) { this.clientId_ = v; return this; }
    setClientSecret(v: string) { this.clientSecret_ = v; return this; }
    setScope(scope: string | string[], separator = ' ') { this.params_.scope = Array.isArray(scope) ? scope.join(separator) : scope; return this; }
    setParam(name: string, value: unknown) { this.params_[name] = value; return this; }
    setCallbackFunction(name: string) { this.callbackFunctionName_ = name; return this; }
    setPropertyStore(store: Props) { this.propertyStore_ = store; return this; }
    setCache(cache: CacheLike) { this.cache_ = cache; return this; }
    setLock(lock: LockLike) { this.lock_ = lock; return this; }
    setTokenFormat(f: string) { this.tokenFormat_ = f; return this; }
    setTokenHeaders(h: Record<string, string>) { this.tokenHeaders_ = h; return this; }
    setTokenMethod(m: string) { this.tokenMethod_ = m; return this; }
    setTokenPayloadHandler(fn: (p: Record<string, unknown>) => Record<string, unknown>) { this.tokenPayloadHandler_ = fn; return this; }
    setGrantType(g: string) { this.grantType_ = g; return this; }
    setPrivateKey(k: string) { this.privateKey_ = k; return this; }
    setIssuer(i: string) { this.issuer_ = i; return this; }
    setSubject(s: string) { this.subject_ = s; return this; }
    setAdditionalClaims(c: Record<string, unknown>) { this.additionalClaims_ = c; return this; }
    setExpirationMinutes(m: number) { this.expirationMinutes_ = m; return this; }
    setRedirectUri(u: string) { this.redirectUri_ = u; return this; }
    setCodeVerififer(v: string) { this.codeVerifier_ = v; this.codeChallengeMethod_ = this.codeChallengeMethod_ || 'S256'; return this; }
    setCodeChallengeMethod(m: string) { this.codeChallengeMethod_ = m; return this; }
    generateCodeVerifier() {
      const bytes: number[] = [];
      const hex = g().Utilities.getUuid().replace(/-/g, '') + g().Utilities.getUuid().replace(/-/g, '');
      for (let i = 0; i < 32; i++) bytes.push(parseInt(hex.slice(i * 2, i * 2 + 2), 16));
      return this.setCodeVerififer(g().Utilities.base64EncodeWebSafe(bytes).replace(/=+$/, ''));
    }

    getRedirectUri(): string { return this.redirectUri_ || getRedirectUri(); }

    getAuthorizationUrl(extraArgs?: Record<string, string>): string {
      validate({ 'Client ID': this.clientId_, 'Callback function name': this.callbackFunctionName_, 'Authorization base URL': this.authorizationBaseUrl_ });
      const builder = g().ScriptApp.newStateToken() as ReturnType<Globals['ScriptApp']['newStateToken']>;
      builder.withMethod(this.callbackFunctionName_!);
      builder.withArgument('serviceName', this.serviceName_);
      builder.withTimeout(3600);
      if (this.codeVerifier_) builder.withArgument('codeVerifier_', this.codeVerifier_);
      for (const [k, v] of Object.entries(extraArgs ?? {})) builder.withArgument(k, v);
      const params: Record<string, unknown> = {
        client_id: this.clientId_, response_type: 'code', redirect_uri: this.getRedirectUri(), state: builder.createToken(),
      };
      if (this.codeVerifier_) {
        params.code_challenge = this.codeChallenge_();
        params.code_challenge_method = this.codeChallengeMethod_;
      }
      Object.assign(params, this.params_);
      return buildUrl(this.authorizationBaseUrl_!, params);
    }

    codeChallenge_(): string {
      const method = this.codeChallengeMethod_;
      if (method === 'plain') return this.codeVerifier_!;
      if (method !== 'S256') throw fail(`Unsupported challenge method: ${method}`);
      const u = g().Utilities;
      return u.base64EncodeWebSafe(u.computeDigest(u.DigestAlgorithm.SHA_256, this.codeVerifier_!, u.Charset.US_ASCII)).replace(/=+$/, '');
    }

    handleCallback(request: { parameter: Record<string, string> }): boolean {
      const code = request.parameter.code;
      const error = request.parameter.error;
      if (error) {
        if (error === 'access_denied') return false;
        throw fail(`Error authorizing token: ${error}`);
      }
      validate({ 'Client ID': this.clientId_, 'Token URL': this.tokenUrl_ });
      const payload: Record<string, unknown> = {
        code, client_id: this.clientId_, client_secret: this.clientSecret_, redirect_uri: this.getRedirectUri(), grant_type: 'authorization_code',
      };
      if (request.parameter.codeVerifier_) payload.code_verifier = request.parameter.codeVerifier_;
      this.saveToken_(this.fetchToken_(payload));
      return true;
    }

    hasAccess(): boolean {
      let token = this.getToken() as Token | null;
      if (token && !this.isExpired_(token)) return true; // fast path: no lock, no request
      const canGetToken = (token && this.canRefresh_(token)) || this.privateKey_ || this.grantType_;
      if (!canGetToken) return false;
      return this.lockable_(() => {
        // Another execution may have refreshed while we waited for the lock: re-read, skipping
        // memory but not the cache.
        token = this.getToken(true) as Token | null;
        if (token && !this.isExpired_(token)) return true;
        try {
          if (token && this.canRefresh_(token)) this.refresh();
          else if (this.privateKey_) this.exchangeJwt_();
          else this.exchangeGrant_();
          return true;
        } catch (e) {
          this.lastError_ = e;
          return false;
        }
      });
    }

    getAccessToken(): string {
      if (!this.hasAccess()) throw fail('Access not granted or expired.');
      return (this.getToken() as Token).access_token as string;
    }

    getIdToken(): string {
      if (!this.hasAccess()) throw fail('Access not granted or expired.');
      return (this.getToken() as Token).id_token as string;
    }

    refresh(): void {
      validate(opts.refreshRequiresClientSecret
        ? { 'Client ID': this.clientId_, 'Client Secret': this.clientSecret_, 'Token URL': this.tokenUrl_ }
        : { 'Client ID': this.clientId_, 'Token URL': this.tokenUrl_ });
      this.lockable_(() => {
        const token = this.getToken() as Token | null;
        if (token === null) throw new realm.intrinsics.TypeError("Cannot read properties of null (reading 'refresh_token')");
        if (!token.refresh_token) throw fail('Offline access is required.');
        const payload = { refresh_token: token.refresh_token, client_id: this.clientId_, client_secret: this.clientSecret_, grant_type: 'refresh_token' };
        const newToken = this.fetchToken_(payload, this.refreshUrl_);
        if (!newToken.refresh_token) newToken.refresh_token = token.refresh_token;
        if (!newToken.refreshTokenExpiresAt && token.refreshTokenExpiresAt) newToken.refreshTokenExpiresAt = token.refreshTokenExpiresAt;
        this.saveToken_(newToken); // replaces the stored token whole (§3.4 step 5)
      });
    }

    reset(): void { this.getStorage().reset(); }
    getLastError(): unknown { return this.lastError_; }
    getToken(skipMemory?: boolean): unknown { return this.getStorage().getValue(null, skipMemory); }
    getStorage(): Storage {
      if (!this.storage_) this.storage_ = new Storage(`oauth2.${this.serviceName_}`, this.propertyStore_, this.cache_);
      return this.storage_;
    }

    saveToken_(token: Token): void { this.getStorage().setValue(null, token); }

    fetchToken_(payload: Record<string, unknown>, url?: string): Token {
      const tokenUrl = url || this.tokenUrl_;
      const headers: Record<string, string> = { Accept: this.tokenFormat_ };
      if (this.tokenHeaders_) Object.assign(headers, this.tokenHeaders_);
      const body = this.tokenPayloadHandler_ ? this.tokenPayloadHandler_(payload) : payload;
      const response = g().UrlFetchApp.fetch(tokenUrl!, { method: this.tokenMethod_, headers, payload: body, muteHttpExceptions: true });
      return this.getTokenFromResponse_(response);
    }

    getTokenFromResponse_(response: { getContentText(): string; getResponseCode(): number }): Token {
      const token = this.parseToken_(response.getContentText()); // parsing comes before the status check (§3.5)
      const status = response.getResponseCode();
      if (status < 200 || status >= 300 || token.error) {
        let reason = [token.error, token.message, token.error_description, token.error_uri]
          .filter(Boolean).map((p) => (typeof p === 'string' ? p : json.stringify(p))).join(', ');
        if (!reason) reason = `${status}: ${json.stringify(token)}`;
        throw fail(`Error retrieving token: ${reason}`);
      }
      return token;
    }

    parseToken_(content: string): Token {
      let token: Token;
      if (this.tokenFormat_ === TOKEN_FORMAT.JSON) {
        try {
          token = json.parse(content) as Token;
        } catch (e) {
          throw fail(`Token response not valid JSON: ${String(e)}`);
        }
      } else if (this.tokenFormat_ === TOKEN_FORMAT.FORM_URL_ENCODED) {
        token = new realm.intrinsics.Object() as Token;
        for (const pair of content.split('&')) {
          const [k, v] = pair.split('=');
          token[decodeURIComponent(k ?? '')] = decodeURIComponent(v ?? '');
        }
      } else {
        throw fail(`Unknown token format: ${this.tokenFormat_}`);
      }
      this.ensureExpiresAtSet_(token);
      return token;
    }

    ensureExpiresAtSet_(token: Token): void {
      if (token.expiresAt) return;
      const granted = (token.granted_time as number) || nowSeconds();
      const expiresIn = token.expires_in_sec || token.expires_in || token.expires; // expires_in_sec wins (§3.7)
      if (expiresIn) token.expiresAt = granted + Number(expiresIn);
      if (token.refresh_token_expires_in) token.refreshTokenExpiresAt = granted + Number(token.refresh_token_expires_in);
    }

    isExpired_(token: Token): boolean {
      const now = nowSeconds();
      let expired = false;
      if (token.expiresAt) {
        if ((token.expiresAt as number) - now < EXPIRATION_BUFFER_SECONDS) expired = true;
      } else {
        // Legacy tokens: granted_time + expires_in (NaN, hence ignored, for new tokens).
        const legacy = (token.granted_time as number) + Number(token.expires_in);
        if (legacy - now < EXPIRATION_BUFFER_SECONDS) expired = true;
      }
      if (typeof token.id_token === 'string') {
        const exp = decodeJwtExp(token.id_token);
        if (exp && exp - now < EXPIRATION_BUFFER_SECONDS) expired = true;
      }
      return expired;
    }

    canRefresh_(token: Token): boolean {
      if (!token.refresh_token) return false;
      this.ensureExpiresAtSet_(token);
      return !token.refreshTokenExpiresAt || (token.refreshTokenExpiresAt as number) - nowSeconds() > EXPIRATION_BUFFER_SECONDS;
    }

    lockable_<T>(fn: () => T): T {
      let release = false;
      if (this.lock_ && !this.lock_.hasLock()) {
        this.lock_.waitLock(LOCK_WAIT_MILLISECONDS); // outside any try: a timeout is thrown (§3.4)
        release = true;
      }
      const result = fn(); // if fn throws, the lock stays held until the execution ends (§3.9)
      if (release) this.lock_!.releaseLock();
      return result;
    }

    exchangeGrant_(): void {
      validate({ 'Grant Type': this.grantType_, 'Token URL': this.tokenUrl_ });
      const payload: Record<string, unknown> = { grant_type: this.grantType_, ...this.params_ };
      if (this.grantType_ === 'client_credentials' && this.clientId_ && this.clientSecret_) {
        const headers = this.tokenHeaders_ ?? {};
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
          headers.Authorization = `Basic ${g().Utilities.base64Encode(`${this.clientId_}:${this.clientSecret_}`)}`;
          this.tokenHeaders_ = headers;
        }
      }
      this.saveToken_(this.fetchToken_(payload));
    }

    exchangeJwt_(): void {
      validate({ 'Private key': this.privateKey_, 'Token URL': this.tokenUrl_, 'Issuer or Client ID': this.issuer_ || this.clientId_ });
      const payload = { assertion: this.createJwt_(), grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' };
      this.saveToken_(this.fetchToken_(payload));
    }

    createJwt_(): string {
      const u = g().Utilities;
      const now = opts.clock();
      const claims: Record<string, unknown> = {
        iss: this.issuer_ || this.clientId_, aud: this.tokenUrl_, exp: Math.floor((now + this.expirationMinutes_ * 60_000) / 1000), iat: Math.floor(now / 1000),
      };
      if (this.subject_) claims.sub = this.subject_;
      if (this.params_.scope) claims.scope = this.params_.scope;
      Object.assign(claims, this.additionalClaims_ ?? {});
      const enc = (o: unknown) => u.base64EncodeWebSafe(JSON.stringify(o)).replace(/=+$/, '');
      const toSign = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
      return `${toSign}.${u.base64EncodeWebSafe(u.computeRsaSha256Signature(toSign, this.privateKey_!)).replace(/=+$/, '')}`;
    }
  }

  function getRedirectUri(scriptId?: string): string {
    return `https://script.google.com/macros/d/${encodeURIComponent(scriptId || g().ScriptApp.getScriptId())}/usercallback`;
  }

  const lib = new realm.intrinsics.Object() as Record<string, unknown>;
  Object.assign(lib, {
    TOKEN_FORMAT,
    createService(name: string) {
      if (!name) throw fail('Service name is required.');
      return new Service(name);
    },
    getRedirectUri,
    getServiceNames(propertyStore: Props): string[] {
      const names: string[] = [];
      for (const key of Object.keys(propertyStore.getProperties())) {
        const parts = key.split('.');
        if (parts[0] === 'oauth2' && parts[1] && !names.includes(parts[1])) names.push(parts[1]);
      }
      return realm.toRealm(names) as string[];
    },
  });
  return lib;
}

function buildUrl(base: string, params: Record<string, unknown>): string {
  const query = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return base + (base.includes('?') ? '&' : '?') + query;
}

function decodeJwtExp(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return payload.exp;
  } catch {
    return undefined;
  }
}
