import type { RuntimeAudit } from '../../../src-shared/contract/audit';
import { FindingCard } from './FindingCard';
import { RUNTIME_NAMES } from './runtimeNames';

const show = (v: unknown) => (v === null || v === undefined ? '?' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v));

/** One runtime: what answered, its live settings and models, then its findings worst first. */
export function RuntimeCard({ runtime: r }: { runtime: RuntimeAudit }) {
  const s = r.settings;
  return (
    <section className={`card runtime-card${r.kind ? '' : ' absent'}`} data-testid="runtime-card" data-kind={r.kind ?? 'none'}>
      <div className="card-head">
        <h2>{r.kind ? RUNTIME_NAMES[r.kind] : 'No runtime'}</h2>
        <span className="tag">{r.url}</span>
        {r.version && <span className="tag">{r.version}</span>}
      </div>
      {r.kind && (
        <dl className="facts live-settings">
          <dt>Context</dt>
          <dd data-testid="setting-context">{show(s.contextSize)}</dd>
          <dt>Slots</dt>
          <dd data-testid="setting-slots">{show(s.slots)}</dd>
          <dt>Per request</dt>
          <dd data-testid="setting-per-slot">{show(s.perSlotContext)}</dd>
          <dt>GPU layers</dt>
          <dd>{show(s.gpuLayers)}</dd>
          <dt>Flash attention</dt>
          <dd>{show(s.flashAttention)}</dd>
          <dt>K/V cache</dt>
          <dd>
            {show(s.typeK)} / {show(s.typeV)}
          </dd>
          <dt>Models</dt>
          <dd>{r.models.length === 0 ? 'none loaded' : r.models.map((m) => `${m.name}${m.cpuShare !== null && m.cpuShare > 0 ? ` (${Math.round(m.cpuShare * 100)}% on the CPU)` : ''}`).join(', ')}</dd>
        </dl>
      )}
      <div className="findings">
        {r.findings.length === 0 && <p className="ok-line">No findings: the live settings match what this model and your prompts need.</p>}
        {r.findings.map((f) => (
          <FindingCard key={`${f.id} ${f.knowledgeEntry ?? ''}`} finding={f} />
        ))}
      </div>
    </section>
  );
}
