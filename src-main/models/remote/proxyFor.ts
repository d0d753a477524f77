/**
 * The proxy the environment names for `url`, as curl and the Hugging Face tools read it:
 * `HTTPS_PROXY` / `https_proxy` for https, `HTTP_PROXY` / `http_proxy` for http, `ALL_PROXY` for both,
 * and no proxy for hosts listed in `NO_PROXY` (exact hosts, `.suffix` or `suffix` domains, `*` for all).
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  const https = url.protocol === 'https:';
  const raw = (https ? env.HTTPS_PROXY ?? env.https_proxy : env.HTTP_PROXY ?? env.http_proxy) ?? env.ALL_PROXY ?? env.all_proxy;
  if (!raw || bypassed(url, env.NO_PROXY ?? env.no_proxy ?? '')) return null;
  try {
    return new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return null;
  }
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.split(/[,\s]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const [name, port] = entry.toLowerCase().split(/:(?=\d+$)/);
    if (port && port !== (url.port || (url.protocol === 'https:' ? '443' : '80'))) return false;
    const bare = name!.replace(/^\*?\./, '');
    return host === bare || host.endsWith(`.${bare}`);
  });
}
