// The renderer's view of the engine: exactly the contract-derived client (shared/ipc-client.ts),
// plus the few shapes the views build on top of it. Views never name a channel that the contract
// does not define: a renamed channel fails to compile here.
import type { FacteurApi } from '../../shared/ipc-client';
import type { RequestInput, RequestOutput } from '../../shared/ipc-contract';

export type { FacteurApi };
export type EmailDetail = RequestOutput<'queue:get'>;
export type PickedFile = RequestOutput<'dialog:openFiles'>[number];
export type StoredDraft = RequestOutput<'drafts:list'>[number];
export type QueueCounts = RequestOutput<'queue:counts'>;
export type ListInput = RequestInput<'queue:list'>;
