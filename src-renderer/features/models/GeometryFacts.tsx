import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry';

const perLayer = (v: number | number[]) => (typeof v === 'number' ? String(v) : `per layer: ${[...new Set(v)].join(', ')}`);

/** The attention shape that decides the KV cache, in the words llama.cpp prints. */
export function GeometryFacts({ g }: { g: ModelGeometry }) {
  return (
    <dl className="facts" data-testid="geometry">
      <dt>Architecture</dt><dd>{g.architecture}</dd>
      <dt>Layers</dt><dd>{g.layers}</dd>
      <dt>Embedding</dt><dd>{g.embeddingLength}</dd>
      <dt>Heads</dt><dd>{perLayer(g.heads)}</dd>
      <dt>KV heads</dt><dd>{perLayer(g.kvHeads)}</dd>
      <dt>Key / value size</dt><dd>{g.keyLength} / {g.valueLength}</dd>
      <dt>Feed-forward</dt><dd>{g.feedForwardLength}</dd>
      <dt>Vocabulary</dt><dd>{g.vocabSize}</dd>
      <dt>Trained context</dt><dd>{g.contextLength || 'unknown'}</dd>
      {g.slidingWindow !== null && (<><dt>Sliding window</dt><dd>{g.slidingWindow} tokens on {g.slidingWindowLayers?.filter(Boolean).length} of {g.layers} layers</dd></>)}
      {g.mla && (<><dt>MLA</dt><dd>latent {g.mla.kvLoraRank} + rope {g.mla.ropeDim} ({g.mla.layout} layout)</dd></>)}
      {g.experts && (<><dt>Experts</dt><dd>{g.experts.count}, {g.experts.used} used, {g.experts.shared} shared</dd></>)}
      {g.ssm && (<><dt>Recurrent</dt><dd>state {g.ssm.stateSize} × {g.ssm.innerSize} on {g.ssm.recurrentLayers.filter(Boolean).length} layers</dd></>)}
    </dl>
  );
}
