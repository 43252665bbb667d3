// The one switch that points the add-on at a local Zoho emulator. Real Apps Script never defines
// __ZCS_DEV__ (only our Node runtime injects it), and core accepts only loopback origins from it.

import type { ExtraTrustedOrigins } from '../core/zoho/domains';

export interface DevConfig extends ExtraTrustedOrigins {
  /** Where Connect starts, e.g. the emulator's US accounts server + `/oauth/v2/auth`. */
  authorizationBaseUrl?: string;
}

declare const __ZCS_DEV__: DevConfig | undefined;

export function devConfig(): DevConfig | undefined {
  return typeof __ZCS_DEV__ === 'object' && __ZCS_DEV__ !== null ? __ZCS_DEV__ : undefined;
}
