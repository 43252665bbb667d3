// SyncError and its subclasses. Subclasses are split by what the user must do next, not by where
// the error came from; each carries one plain sentence for the user and a stable code for logs.

export interface SyncErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

export class SyncError extends Error {
  readonly code: string;
  readonly userMessage: string;
  readonly retryable: boolean;
  readonly cause?: unknown;

  constructor(code: string, userMessage: string, technical?: string, options: SyncErrorOptions = {}) {
    super(technical ? `${code}: ${technical}` : `${code}: ${userMessage}`);
    this.name = 'SyncError';
    this.code = code;
    this.userMessage = userMessage;
    this.retryable = options.retryable ?? false;
    this.cause = options.cause;
  }
}

/** No Zoho account is connected for this user. */
export class NotConnectedError extends SyncError {
  constructor(technical?: string) {
    super('NOT_CONNECTED', 'Not connected to Zoho CRM. Open the sidebar (Extensions > Zoho CRM Sync > Open sidebar) and click Connect.', technical);
    this.name = 'NotConnectedError';
  }
}

/** The connection exists but can no longer be used: revoked, expired for good, or missing a scope. */
export class ReconnectRequiredError extends SyncError {
  constructor(code: string, userMessage: string, technical?: string, options?: SyncErrorOptions) {
    super(code, userMessage, technical, options);
    this.name = 'ReconnectRequiredError';
  }
}

/** The Zoho user lacks a CRM permission; only their administrator can grant it. */
export class NoPermissionError extends SyncError {
  constructor(userMessage: string, technical?: string) {
    super('ZOHO_NO_PERMISSION', userMessage, technical);
    this.name = 'NoPermissionError';
  }
}

/** Zoho refused for rate or credit reasons; `resetsAt` says when to try again, when known. */
export class RateLimitedError extends SyncError {
  readonly resetsAt?: number;
  constructor(userMessage: string, technical?: string, resetsAt?: number, code = 'ZOHO_RATE_LIMITED') {
    super(code, userMessage, technical, { retryable: true });
    this.name = 'RateLimitedError';
    this.resetsAt = resetsAt;
  }
}

/** The add-on is set up wrongly (client id, secret, redirect URI); the message names the fix. */
export class ConfigError extends SyncError {
  constructor(code: string, userMessage: string, technical?: string) {
    super(code, userMessage, technical);
    this.name = 'ConfigError';
  }
}

/** The sheet's layout no longer matches its sync definition (a deleted header or id column). */
export class SheetLayoutError extends SyncError {
  constructor(userMessage: string, technical?: string) {
    super('SHEET_LAYOUT', userMessage, technical);
    this.name = 'SheetLayoutError';
  }
}

/** Zoho or the network failed in a way a later run may not hit; the user sees the message. */
export class ZohoServiceError extends SyncError {
  readonly status?: number;
  constructor(code: string, userMessage: string, technical?: string, options: SyncErrorOptions & { status?: number } = {}) {
    super(code, userMessage, technical, options);
    this.name = 'ZohoServiceError';
    this.status = options.status;
  }
}

/**
 * A pull that stopped making progress: Zoho answered the same page again, or empty pages that say
 * more records follow. Retrying a minute later would meet the same answer, so it is not retried.
 */
export class PullStalledError extends ZohoServiceError {
  constructor(userMessage: string, technical?: string) {
    super('ZOHO_PULL_STALLED', userMessage, technical);
    this.name = 'PullStalledError';
  }
}

/** Not shown to the user: the execution is nearly out of time and the job must resume later. */
export class TimeBudgetExhausted extends SyncError {
  constructor(technical?: string) {
    super('TIME_BUDGET_EXHAUSTED', 'The sync will continue in a moment.', technical, { retryable: true });
    this.name = 'TimeBudgetExhausted';
  }
}

/** The user message of any error, never a stack trace nor a token. */
export function userMessageOf(error: unknown): string {
  if (error instanceof SyncError) return error.userMessage;
  return 'Something went wrong. Try again; if it keeps happening, see the run log in the sidebar.';
}
