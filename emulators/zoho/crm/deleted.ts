// GET /crm/v8/{module}/deleted (reference §7): recycle-bin and permanent deletions, newest first,
// filtered by type and If-Modified-Since; permanent entries keep only id, type and deleted_time.

import { type Reply, emptyReply, jsonReply } from '../http-util';
import { crmErrors } from './errors';
import { formatDateTime } from './format';
import { ifModifiedSince, moduleParam, parsePage, parsePerPage } from './records';
import type { CrmRequest } from './request';

const TYPES = ['all', 'recycle', 'permanent'];

export function deletedRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const type = req.query.get('type') ?? 'all';
  if (!TYPES.includes(type)) throw crmErrors.invalidParam('type', { supported_values: TYPES });
  const perPage = parsePerPage(req.query.get('per_page'));
  const page = parsePage(req.query.get('page'));
  const ims = ifModifiedSince(req);
  const entries = req.org.module(module).deletedEntries()
    .filter((e) => (type === 'all' || e.type === type) && (ims === null || e.deletedMs > ims))
    .slice().sort((a, b) => b.deletedMs - a.deletedMs);
  const slice = entries.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return emptyReply(204);
  const tz = req.org.org.timeZone;
  const ref = (id: string | null) => {
    const u = id ? req.org.user(id) : undefined;
    return u ? { name: `${u.firstName} ${u.lastName}`, id: u.id } : null;
  };
  return jsonReply(200, {
    data: slice.map((e) => ({
      deleted_by: ref(e.deletedBy), id: e.id, display_name: e.displayName, type: e.type,
      created_by: ref(e.createdBy), deleted_time: formatDateTime(e.deletedMs, tz),
    })),
    info: { per_page: perPage, count: slice.length, page, more_records: entries.length > page * perPage },
  });
}
