// Chooses the transport: Electron's preload bridge (`window.facteur`) when present, else the
// loopback WebSocket whose token the dev server put in the page's fragment (#token=…[&ws=…]).
// The token is moved to sessionStorage and removed from the address bar, so it is not left in
// history or copied along with the URL, yet a reload still works.
import { createFacteurApi, type FacteurApi } from '../../shared/ipc-client';
import type { FacteurBridge } from '../../shared/ipc-contract';
import { LOOPBACK_PATH, TOKEN_PARAM } from '../../shared/loopback-protocol';
import { createLoopbackBridge } from './loopback-bridge';

declare global {
  interface Window {
    facteur?: FacteurBridge;
  }
}

const STORAGE_KEY = 'facteur.loopback';

export type TransportKind = 'electron' | 'loopback';

export function pickBridge(win: Window = window): { bridge: FacteurBridge; kind: TransportKind } | null {
  if (win.facteur) return { bridge: win.facteur, kind: 'electron' };
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/u, ''));
  let token = fragment.get(TOKEN_PARAM);
  let socketBase = fragment.get('ws');
  if (token) {
    win.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, ws: socketBase }));
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  } else {
    try {
      const saved = JSON.parse(win.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { token?: string; ws?: string | null } | null;
      token = saved?.token ?? null;
      socketBase = saved?.ws ?? null;
    } catch {
      token = null;
    }
  }
  if (!token) return null;
  const base = socketBase ?? `ws://${win.location.host}`;
  const url = `${base.replace(/\/+$/u, '')}${LOOPBACK_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  return { bridge: createLoopbackBridge({ url }), kind: 'loopback' };
}

/** The typed API over whichever transport this page has, or null when it has none. */
export function connectFacteur(win: Window = window): { api: FacteurApi; kind: TransportKind } | null {
  const picked = pickBridge(win);
  return picked ? { api: createFacteurApi(picked.bridge), kind: picked.kind } : null;
}
