// What a CRM handler gets: the parsed request plus the caller's org, user and formatter.

import type { IncomingHttpHeaders } from 'node:http';
import type { AccessToken } from '../accounts/tokens';
import type { EmulatorContext } from '../context';
import type { PageFaultKind } from '../faults/types';
import type { DataCenter, SeedUser } from '../seed/orgs';
import type { OrgStore } from '../store/types';
import type { RecordFormatter } from './format';

export interface CrmRequest {
  ctx: EmulatorContext;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Path parameters by name ({module}, {id}, {job}). */
  params: Record<string, string>;
  dc: DataCenter;
  org: OrgStore;
  user: SeedUser;
  token: AccessToken;
  fmt: RecordFormatter;
  /** A `repeatPage`/`emptyPage` fault taken for this request; only the records list reads it. */
  pageFault?: PageFaultKind | undefined;
}

export function header(req: CrmRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
