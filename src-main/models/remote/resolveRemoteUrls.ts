import { filesForQuant, splitUrls, type RemoteRef } from '../../../src-shared/domain/whatif/parseRemoteRef.js';
import { httpGet, type HttpGetOptions } from './httpGet.js';
import { RemoteModelError } from './RemoteModelError.js';

/** Where Hugging Face is and who we are to it: `HF_ENDPOINT` (a mirror) and `HF_TOKEN`, as the Hugging Face tools read them. */
export interface HubAccess {
  endpoint: string;
  /** `Bearer …`, or undefined without a token. */
  authorization: string | undefined;
}

export function hubAccess(env: NodeJS.ProcessEnv): HubAccess {
  const endpoint = (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
  const token = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  return { endpoint, authorization: token ? `Bearer ${token}` : undefined };
}

/** Every part's download address, first part first. `owner/repo:QUANT` asks the Hub for the repository's file list. */
export async function resolveRemoteUrls(ref: RemoteRef, label: string, http: HttpGetOptions & { hub: HubAccess }): Promise<string[]> {
  if (ref.kind === 'url') return splitUrls(ref.url);
  const base = `${http.hub.endpoint}/${ref.repo}/resolve/${encodeURIComponent(ref.revision)}/`;
  if (ref.kind === 'hfFile') return splitUrls(base + ref.file.split('/').map(encodeURIComponent).join('/'));
  const files = await listRepoFiles(ref.repo, ref.revision, label, http);
  const chosen = filesForQuant(files, ref.quant);
  if (!chosen.length) {
    const ggufs = files.filter((f) => f.toLowerCase().endsWith('.gguf'));
    throw new RemoteModelError('remote_no_such_quant', label, `the repository has no ${ref.quant} GGUF file.`, ggufs.length
      ? `Files it has: ${ggufs.slice(0, 12).join(', ')}${ggufs.length > 12 ? ', …' : ''}. Give one as hf:${ref.repo}/FILE.gguf or pick another :TAG.`
      : 'The repository has no .gguf files; look for a GGUF conversion of the model (often owner-GGUF).');
  }
  return chosen.map((f) => base + f.split('/').map(encodeURIComponent).join('/'));
}

async function listRepoFiles(repo: string, revision: string, label: string, http: HttpGetOptions & { hub: HubAccess }): Promise<string[]> {
  const url = `${http.hub.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}`;
  const reply = await httpGet(url, { ...http, range: undefined, label, authorization: http.hub.authorization, authOrigin: new URL(http.hub.endpoint).origin });
  let siblings: unknown;
  try {
    siblings = (JSON.parse(reply.body.toString('utf8')) as { siblings?: unknown }).siblings;
  } catch (error) {
    throw new RemoteModelError('remote_http', label, `the Hub's file list at ${url} is not JSON.`, 'Check HF_ENDPOINT: it must point at a Hugging Face Hub or a mirror of its API.', error);
  }
  if (!Array.isArray(siblings)) throw new RemoteModelError('remote_http', label, `the Hub's answer at ${url} has no file list.`, 'Check HF_ENDPOINT: it must point at a Hugging Face Hub or a mirror of its API.');
  return siblings.map((s) => (s as { rfilename?: unknown }).rfilename).filter((f): f is string => typeof f === 'string');
}
