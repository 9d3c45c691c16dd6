// Accounts: listing, the settings lookup from an address, enabling, limits, sending windows and
// removal (moving or cancelling what is left unsent); adding, linking and relinking come from
// link-handlers.ts. Nothing here names a provider: what differs is asked of its descriptor or
// its implementation.
import type { AccountSummary } from '../../../shared/domain';
import { moveUnsentMail, unsentMail } from '../accounts/account-move';
import { notFound } from '../errors';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';
import { createLinkHandlers } from './link-handlers';

export function accountHandlers({ engine, openExternal }: HandlerContext): ImplsFor<'accounts'> {
  const summary = (id: number): AccountSummary => {
    const found = engine.accounts.list().find((account) => account.id === id);
    if (!found) throw notFound(`account ${id}`);
    return found;
  };

  return {
    'accounts:list': () => engine.accounts.list(),
    ...createLinkHandlers(engine, openExternal),
    // Dispatched by the descriptor: only a provider that says its settings can be looked up is asked.
    'accounts:findSettings': ({ kind, email }) => engine.accounts.findSettings(kind, email),
    'accounts:setActive': ({ id, active }) => {
      engine.accounts.setActive(id, active);
      return summary(id);
    },
    'accounts:remove': async ({ id, force, moveTo }) => {
      const moved = moveTo === undefined ? 0 : moveUnsentMail(engine.db, engine.accounts, id, moveTo, engine.clock);
      try {
        return { cancelled: await engine.accounts.remove(id, force), moved };
      } finally {
        // Its mail moved or went with it: the counts changed either way.
        engine.events.emit('queue-changed');
      }
    },
    'accounts:unsent': ({ id }) => {
      engine.accounts.get(id);
      return unsentMail(engine.db, id);
    },
    'accounts:setLimits': ({ id, limits }) => {
      engine.accounts.setLimits(id, limits);
      return summary(id);
    },
    'accounts:setWindow': ({ id, window }) => {
      engine.accounts.setWindow(id, window);
      return summary(id);
    },
  };
}
