import { useSyncExternalStore } from 'react';

/** Where the app is: `#/<screen>?key=value`. The hash keeps reloads and the back button working. */
export interface Location {
  screen: string;
  params: Record<string, string>;
}

export function parseHash(hash: string): Location {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { screen: path || 'hardware', params: Object.fromEntries(new URLSearchParams(query)) };
}

export function navigate(screen: string, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  location.hash = `#/${screen}${query ? `?${query}` : ''}`;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseHash(hash);
}
