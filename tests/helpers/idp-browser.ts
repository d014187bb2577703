/**
 * A minimal browser for integration tests: keeps cookies per host and follows redirects by hand, so
 * a test can walk the real OIDC flow through the development IdP's pages over HTTP.
 */
export class IdpBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string {
    return [...(this.jar.get(url.hostname) ?? new Map<string, string>()).entries()]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  private store(url: URL, response: Response): void {
    const cookies = this.jar.get(url.hostname) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.hostname, cookies);
  }

  /** One request, no redirect following. */
  async request(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(url),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(url, response);
    return response;
  }

  /**
   * Follows redirects from `url` until a page answers or a redirect leaves for `stopAt` (the
   * portal, which is not running in integration tests). Returns the final URL and response.
   */
  async follow(
    url: URL,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt?: string,
  ): Promise<{ url: URL; response: Response | null }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current);
      if (stopAt && current.href.startsWith(stopAt)) return { url: current, response: null };
      response = await this.request(current);
    }
    throw new Error('too many redirects');
  }
}
