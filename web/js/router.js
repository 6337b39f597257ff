// Hash routes: "#/spaces/abc?building=1" -> {path: "/spaces/abc", segments: ["spaces", "abc"], query}.

export function parse(hash = location.hash) {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?');
  const segments = pathPart.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return {
    path: `/${segments.map(encodeURIComponent).join('/')}`,
    segments,
    query: new URLSearchParams(queryPart),
  };
}

function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Go to a route (adds a history entry and renders it). */
export function go(path, query, { replace = false } = {}) {
  const target = href(path, query);
  if (replace) {
    history.replaceState(history.state, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (location.hash === target) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}

/** Keep filters in the address (for reload and sharing) without re-rendering the view. */
export function updateQuery(path, query) {
  history.replaceState(history.state, '', href(path, query));
}
