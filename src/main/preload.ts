// The only door between the sandboxed page and the main process: `window.facteur`, typed by the
// contract. Sandboxed preloads may require nothing but 'electron' (and cannot be ESM), so this
// file imports the contract for types only; main refuses unknown channels and foreign frames.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { FacteurBridge } from '../shared/ipc-contract';

const bridge = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  on: (channel, listener) => {
    // Never hand the page the IpcRendererEvent: it exposes `sender`, a way back into ipcRenderer.
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => (listener as (payload: unknown) => void)(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
} satisfies FacteurBridge;

contextBridge.exposeInMainWorld('facteur', bridge);
