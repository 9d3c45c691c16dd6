// Provider marks as inline SVG (no network, no CSP exceptions), chosen by the descriptor's icon
// key: Google's, Microsoft's, and a generic envelope for SMTP and any provider without its own.
import type { ReactNode } from 'react';
import type { ProviderKind } from '../../shared/domain';
import { findDescriptor } from '../../shared/providers/index';

export function ProviderIcon({ provider, size = 28 }: { provider: ProviderKind; size?: number }): ReactNode {
  const icon = findDescriptor(provider)?.icon;
  if (icon === 'google') {
    return (
      <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
        <path fill="#4285F4" d="M6 38h7V21L4 15v20a3 3 0 0 0 2 3z" />
        <path fill="#34A853" d="M35 38h7a3 3 0 0 0 2-3V15l-9 6z" />
        <path fill="#FBBC04" d="M35 10v11l9-6v-3c0-3.7-4.2-5.8-7.2-3.6z" />
        <path fill="#EA4335" d="M13 21V10l11 8.25L35 10v11l-11 8.25z" />
        <path fill="#C5221F" d="M4 12v3l9 6V10l-1.8-1.6C8.2 6.2 4 8.3 4 12z" />
      </svg>
    );
  }
  if (icon === 'microsoft') {
    return (
      <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
        <rect x="18" y="8" width="26" height="32" rx="3" fill="#28A8EA" />
        <path fill="#0078D4" d="M18 22l13 8 13-8v15a3 3 0 0 1-3 3H21a3 3 0 0 1-3-3z" />
        <rect x="4" y="13" width="22" height="22" rx="3" fill="#0364B8" />
        <ellipse cx="15" cy="24" rx="5" ry="6" fill="none" stroke="#fff" strokeWidth="2.6" />
      </svg>
    );
  }
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
      <rect x="4" y="10" width="40" height="28" rx="4" fill="var(--accent)" />
      <path d="M8 15l16 11 16-11" fill="none" stroke="#fff" strokeWidth="3" strokeLinejoin="round" />
    </svg>
  );
}
