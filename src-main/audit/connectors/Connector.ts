import type { AuditRuntime } from '../../../src-shared/contract/audit.js';
import type { LiveFacts } from '../../../src-shared/domain/audit/LiveFacts.js';
import type { Requester } from '../Requester.js';

/** What a connector read; the orchestrator adds the kind, URL and requests. */
export type ConnectorFacts = Omit<LiveFacts, 'kind' | 'url' | 'endpoints'>;

/** Reads one runtime's live facts over its API. Throws {@link NotThisRuntime} when the first answer is another program's. */
export type Connector = (req: Requester) => Promise<ConnectorFacts>;

/** The URL answered, but not as this runtime. */
export class NotThisRuntime extends Error {
  override name = 'NotThisRuntime';
  constructor(
    readonly kind: AuditRuntime,
    readonly detail: string,
  ) {
    super(`not ${kind}: ${detail}`);
  }
}

export const NO_EXTRAS = { slots: null, metrics: null, geometry: null, configuredContext: null, commandLine: null, logFile: null, logOffload: null, logMatch: undefined } satisfies Partial<ConnectorFacts>;
