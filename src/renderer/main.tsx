// Renderer entry: pick the transport (Electron preload or loopback WebSocket), set up i18n and
// mount the app. Without a transport it says how to get one rather than showing a broken UI.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from './api/api-context';
import { connectFacteur } from './api/pick-bridge';
import { App } from './app';
import { createI18n, preferredLanguage } from './i18n/i18n';
import './styles.css';
import './merge.css';
import './windows.css';

const i18n = createI18n(preferredLanguage(navigator.languages));
const root = createRoot(document.getElementById('root') as HTMLElement);
const connection = connectFacteur(window);

root.render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {connection ? (
        <ApiProvider api={connection.api}>
          <App />
        </ApiProvider>
      ) : (
        <main className="no-transport">
          <h1>{i18n.t('app.noTransportTitle')}</h1>
          <p>{i18n.t('app.noTransportBody')}</p>
        </main>
      )}
    </I18nextProvider>
  </StrictMode>,
);
