// What the filter editor offers for a module (issue 16): Zoho's custom views, the fields a
// condition can use with their operators, and the connected user for "Only records I own".

import { SyncError } from '../core/errors';
import { filterProblem, filterWords, normalizeFilter, operatorsFor } from '../core/sync/filter-rules';
import type { FilterCheck, FilterOptions, SheetFilter } from '../shared/rpc';
import type { ZohoApi } from './zoho-api';

const RECONNECT_FOR_VIEWS = 'Custom views need a Zoho permission this connection was made without (reading custom views). Disconnect, then Connect again to use a view; owner and field conditions work as you are.';

/** @throws SyncError when Zoho cannot be asked (not connected, module gone) */
export function filterOptions(api: ZohoApi, module: string, me: { id: string } | null): FilterOptions {
  const fields = api.metadata.fields(module);
  let views: FilterOptions['views'] = [];
  let reconnect: string | null = null;
  try {
    // zoho/crm-oas v8.0 custom_views getCustomViews: GET settings/custom_views?module= (scope ZohoCRM.settings.custom_views.READ).
    const answer = api.client.request<{ custom_views?: Array<{ id: string; name?: string; display_value?: string; system_defined?: boolean }> }>({
      method: 'get', path: '/crm/v8/settings/custom_views', query: { module },
    });
    views = (answer.data?.custom_views ?? []).map((v) => ({ cvid: String(v.id), name: String(v.display_value ?? v.name ?? v.id), system: Boolean(v.system_defined) }));
  } catch (error) {
    // Connected before filters asked for this scope: only a view needs it, so only views ask to reconnect.
    if (!(error instanceof SyncError) || error.code !== 'ZOHO_SCOPE_MISMATCH') throw error;
    reconnect = RECONNECT_FOR_VIEWS;
  }
  return {
    module,
    views,
    fields: fields.map((f) => ({ f, ops: operatorsFor(f) })).filter(({ ops }) => ops.length).map(({ f, ops }) => ({
      apiName: f.api_name,
      label: f.field_label,
      dataType: f.data_type,
      operators: ops,
      ...(f.pick_list_values?.length ? { picklist: f.pick_list_values.map((p) => ({ value: p.actual_value, label: p.display_value ?? p.actual_value })) } : {}),
    })),
    me: me ? { id: me.id, name: currentUserName(api) ?? me.id } : null,
    reconnect,
  };
}

/** The connected user's name as Zoho shows it (GET users?type=CurrentUser), or null. */
function currentUserName(api: ZohoApi): string | null {
  const answer = api.client.request<{ users?: Array<{ full_name?: string; email?: string }> }>({ method: 'get', path: '/crm/v8/users', query: { type: 'CurrentUser' } });
  const user = answer.data?.users?.[0];
  return user?.full_name ?? user?.email ?? null;
}

/** Whether Zoho can express the filter, and the filter in words. */
export function checkFilterFor(api: ZohoApi, module: string, filter: SheetFilter | null): FilterCheck {
  const fields = api.metadata.fields(module);
  const normal = normalizeFilter(filter);
  return { problem: filterProblem(normal, fields) ?? viewProblem(api, module, normal), words: filterWords(normal, fields) };
}

/**
 * A view whose criteria name "the current user" (Zoho's system views such as "My Leads": Owner is
 * ${CURRENTUSER}) holds other records for each person who syncs, so a teammate's or the schedule's run
 * would swap the sheet's rows: refused, pointing to "Only records I own", which keeps the chooser.
 */
export function viewProblem(api: ZohoApi, module: string, filter: SheetFilter | null): string | null {
  if (!filter?.view) return null;
  let criteria: unknown;
  try {
    const answer = api.client.request<{ custom_views?: Array<{ criteria?: unknown }> }>({
      method: 'get', path: `/crm/v8/settings/custom_views/${encodeURIComponent(filter.view.cvid)}`, query: { module },
    });
    criteria = answer.data?.custom_views?.[0]?.criteria;
  } catch (error) {
    if (error instanceof SyncError && error.code === 'ZOHO_SCOPE_MISMATCH') return RECONNECT_FOR_VIEWS;
    throw error;
  }
  if (JSON.stringify(criteria ?? null).includes('${CURRENTUSER}')) {
    return `The view "${filter.view.name || filter.view.cvid}" shows each person their own records, so a teammate's or a scheduled sync would pull other rows. Choose "Only records I own" instead: it keeps the records of the person who chose it.`;
  }
  return null;
}
