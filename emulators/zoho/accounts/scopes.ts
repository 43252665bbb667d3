// Zoho CRM OAuth scopes (reference §2.10): which strings are valid at the consent page and which
// granted scopes satisfy a CRM call. Scopes compare case-insensitively.

const OPS = '(all|read|create|update|delete|write)';
const VALID_SCOPES: readonly RegExp[] = [
  new RegExp(`^zohocrm\\.modules\\.${OPS}$`),
  new RegExp(`^zohocrm\\.modules\\.[a-z_]+\\.${OPS}$`),
  /^zohocrm\.settings\.(all|read)$/,
  /^zohocrm\.settings\.[a-z_]+\.(all|read)$/,
  /^zohocrm\.users\.(all|read)$/,
  /^zohocrm\.org\.(all|read)$/,
  /^zohocrm\.bulk\.(all|read|create)$/,
  /^zohocrm\.coql\.read$/,
  /^zohocrm\.notifications\.(all|read|create|update|delete)$/,
  /^zohosearch\.securesearch\.read$/,
  /^aaaserver\.profile\.read$/,
];

export function parseScopes(scope: string): string[] {
  return scope.split(/[,\s]+/).map((s) => s.trim()).filter((s) => s !== '');
}

export function invalidScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !VALID_SCOPES.some((re) => re.test(s.toLowerCase())));
}

export type ModuleOp = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

export type ScopeNeed =
  | { kind: 'modules'; module: string; ops: ModuleOp[] }
  | { kind: 'settings'; sub: 'modules' | 'fields' | 'custom_views' | 'currencies' }
  | { kind: 'users' }
  | { kind: 'org' }
  | { kind: 'bulk'; module: string }
  | { kind: 'coql'; module?: string };

function hasModuleOp(granted: ReadonlySet<string>, module: string, op: ModuleOp): boolean {
  const m = module.toLowerCase();
  const o = op.toLowerCase();
  const candidates = ['zohocrm.modules.all', `zohocrm.modules.${o}`, `zohocrm.modules.${m}.all`, `zohocrm.modules.${m}.${o}`];
  if (op !== 'READ') candidates.push('zohocrm.modules.write', `zohocrm.modules.${m}.write`);
  return candidates.some((c) => granted.has(c));
}

/** True when the granted scopes allow the call; every listed op is needed (upsert = create + update). */
export function scopeAllows(grantedScopes: readonly string[], need: ScopeNeed): boolean {
  const granted = new Set(grantedScopes.map((s) => s.toLowerCase()));
  switch (need.kind) {
    case 'modules':
      return need.ops.every((op) => hasModuleOp(granted, need.module, op));
    case 'settings':
      return ['zohocrm.settings.all', 'zohocrm.settings.read', `zohocrm.settings.${need.sub}.all`, `zohocrm.settings.${need.sub}.read`].some((c) => granted.has(c));
    case 'users':
      return granted.has('zohocrm.users.all') || granted.has('zohocrm.users.read');
    case 'org':
      return granted.has('zohocrm.org.all') || granted.has('zohocrm.org.read');
    case 'bulk':
      return (granted.has('zohocrm.bulk.all') || granted.has('zohocrm.bulk.read')) && (need.module === '' || hasModuleOp(granted, need.module, 'READ'));
    case 'coql':
      return (granted.has('zohocrm.coql.read')) && (need.module === undefined || hasModuleOp(granted, need.module, 'READ'));
    default:
      return false;
  }
}
