// A single-page app: no server rendering, no prerendering; Hono serves the fallback page.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
