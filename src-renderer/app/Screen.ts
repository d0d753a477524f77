import type { ReactNode } from 'react';

/** A top-level screen of the app, listed in the sidebar. */
export interface Screen {
  id: string;
  label: string;
  render: (params: Record<string, string>) => ReactNode;
}
