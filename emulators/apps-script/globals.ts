// The globals of one execution's vm context: every service, wrapped so that calls are metered,
// plus Logger/console, the OAuth2 library double and any dev-only globals the caller injects.

import type { ServiceEnv } from './env';
import { createOAuth2 } from './oauth2-double';
import { CacheServiceImpl } from './services/cache';
import { HtmlServiceImpl } from './services/html';
import { LockServiceImpl } from './services/lock';
import { MailAppImpl } from './services/mail';
import { PropertiesServiceImpl } from './services/properties';
import { ScriptAppImpl } from './services/script-app';
import { createConsole, LoggerImpl, SessionImpl } from './services/session';
import { SpreadsheetAppService } from './services/spreadsheet';
import { UrlFetchAppImpl } from './services/url-fetch';
import { UtilitiesImpl } from './services/utilities';

export interface GlobalsOptions {
  devGlobals: Record<string, unknown>;
  refreshRequiresClientSecret: boolean;
}

export function installGlobals(env: ServiceEnv, opts: GlobalsOptions): void {
  const { realm } = env;
  realm.define({
    SpreadsheetApp: realm.wrap(new SpreadsheetAppService(env)),
    UrlFetchApp: realm.wrap(new UrlFetchAppImpl(env)),
    PropertiesService: realm.wrap(new PropertiesServiceImpl(env)),
    CacheService: realm.wrap(new CacheServiceImpl(env)),
    LockService: realm.wrap(new LockServiceImpl(env)),
    MailApp: realm.wrap(new MailAppImpl(env)),
    Utilities: realm.wrap(new UtilitiesImpl(env)),
    Session: realm.wrap(new SessionImpl(env)),
    ScriptApp: realm.wrap(new ScriptAppImpl(env)),
    HtmlService: realm.wrap(new HtmlServiceImpl(env)),
    Logger: realm.wrap(new LoggerImpl(env)),
    console: createConsole(env),
  });
  realm.define({ OAuth2: createOAuth2(realm, { refreshRequiresClientSecret: opts.refreshRequiresClientSecret, clock: () => env.ex.clock.now() }) });
  realm.define(opts.devGlobals);
}
