// Builds the Zoho client and metadata cache for the stored connection.

import { ZohoClient } from '../core/zoho/client';
import { ZohoMetadata } from '../core/zoho/metadata';
import { appsScriptClock, executionBudget } from './execution';
import { cachePort } from './storage';
import { urlFetchHttp } from './urlfetch-http';
import { type Connection, requireConnection, tokenProvider } from './zoho-auth';

export interface ZohoApi {
  connection: Connection;
  client: ZohoClient;
  metadata: ZohoMetadata;
}

/** @throws NotConnectedError, ConfigError, ReconnectRequiredError */
export function zohoApi(connection: Connection = requireConnection()): ZohoApi {
  const client = new ZohoClient({
    http: urlFetchHttp,
    tokens: tokenProvider(connection.service),
    apiDomain: connection.apiDomain,
    clock: appsScriptClock,
    budget: executionBudget,
  });
  const metadata = new ZohoMetadata(client, cachePort(CacheService.getUserCache()), connection.connectionId);
  return { connection, client, metadata };
}
