// Hands the FacteurApi to every view (the real contract client in the app, a fake in tests).
import { createContext, useContext, type ReactNode } from 'react';
import type { FacteurApi } from './types';

const ApiContext = createContext<FacteurApi | null>(null);

export function ApiProvider({ api, children }: { api: FacteurApi; children: ReactNode }): ReactNode {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): FacteurApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
