// The state one running emulator shares between its ports: options, clock, store, tokens,
// counters, faults, limits and bulk jobs, plus the URLs each data centre answers on.

import type { TokenStore } from './accounts/tokens';
import type { EmulatorClock } from './clock';
import type { Counters } from './counters';
import type { BulkReadJobs } from './crm/bulk-read';
import type { OrgLimits } from './crm/limits';
import type { FaultRegistry } from './faults/registry';
import type { ZohoEmulatorOptions } from './options';
import type { DataCenter } from './seed/orgs';
import type { EmulatorStore } from './store/types';

export interface DataCenterUrls {
  accountsServer: string;
  apiDomain: string;
  location: DataCenter;
}

export interface EmulatorContext {
  options: ZohoEmulatorOptions;
  clock: EmulatorClock;
  store: EmulatorStore;
  tokens: TokenStore;
  counters: Counters;
  faults: FaultRegistry;
  limits: OrgLimits;
  bulk: BulkReadJobs;
  urls: Partial<Record<DataCenter, DataCenterUrls>>;
}
