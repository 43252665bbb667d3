// What the filter editor offers for a module (issue 16): Zoho's custom views, the fields a
// condition can use with their operators, and the connected user for "Only records I own".

import { SyncError } from '../core/errors';
import { filterProblem, filterWords, normalizeFilter, operatorsFor } from '../core/sync/filter-rules';
import type { ZohoField } from '../core/zoho/wire';
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
export function checkFilterFor(fields: readonly ZohoField[], filter: SheetFilter | null): FilterCheck {
  const normal = normalizeFilter(filter);
  return { problem: filterProblem(normal, fields), words: filterWords(normal, fields) };
}
