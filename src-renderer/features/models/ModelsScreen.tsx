import { ModelList } from './ModelList';
import { ModelPage } from './ModelPage';

/** `#/models` lists models; `#/models?path=…` or `?preset=…` shows one. */
export function ModelsScreen({ params }: { params: Record<string, string> }) {
  if (params.path || params.preset) return <ModelPage key={params.path ?? params.preset} path={params.path} preset={params.preset} />;
  return <ModelList />;
}
