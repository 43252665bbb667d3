// Data Sharing Settings as the emulator plays them: a module's default access is public (every
// user sees every record) or private (a user who is not an administrator sees only the records
// they own). Only read paths and updates/deletes consult this; /deleted and admin routes do not.

import type { ModuleName } from '../seed/schema';
import type { ModuleStore } from '../store/types';
import type { CrmRequest } from './request';

export type RecordPredicate = (store: ModuleStore, seq: number) => boolean;

/** The records the caller may see, or null when they see them all (public module or an admin). */
export function visibleRecords(req: CrmRequest, module: ModuleName): RecordPredicate | null {
  // Zoho: administrators see every record whatever the sharing rules (the seeded org's first user):
  // "The Administrator can access all the records" (help.zoho.com/portal/kb/articles/why-are-the-users-unable-to-view-the-records-that-administrator-can-view).
  if (req.user.profile === 'Administrator' || req.org.sharing(module) === 'public') return null;
  const userId = req.user.id;
  return (store, seq) => store.read(seq, 'Owner') === userId;
}

export function canSee(req: CrmRequest, module: ModuleName, store: ModuleStore, seq: number): boolean {
  const visible = visibleRecords(req, module);
  return !visible || visible(store, seq);
}
