/**
 * The developer reference at `/api/docs`: the OpenAPI document rendered on the server as one HTML
 * page, no script and nothing from a CDN, so the app's strict CSP stays as it is. Each operation
 * shows its callers, parameters, body schema, success and error answers; then the webhooks and the codes.
 */
type Json = Record<string, unknown>;

const escape = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** `code` spans for the backticks of a description; everything else escaped. */
const prose = (s: unknown): string => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const pre = (value: unknown): string => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

/** A local `$ref` (`#/components/…`) followed once; anything else as it is. */
const follow = (doc: Json, node: unknown): Json => {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return (node ?? {}) as Json;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((n, key) => (n as Json | undefined)?.[key], doc);
  return { ...(target as Json), ...(node as Json), $ref: undefined };
};

function operation(doc: Json, method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const bodyRef = (op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema;
  const body = bodyRef && follow(doc, bodyRef);
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  return `<section id="${escape(op.operationId)}">
<h3><span class="method">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code> — ${escape(op.summary)}</h3>
<p>${prose(op.description)}</p>
${op['x-access'] ? `<p class="access">Callers: <code>${escape(op['x-access'])}</code></p>` : ''}
${
  params.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema / description</th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${p.description ? `${prose(p.description)}<br>` : ''}<code>${escape(JSON.stringify(p.schema))}</code></td></tr>`
        )
        .join('')}</table>`
    : ''
}
${body ? `<details><summary>Body schema</summary>${pre(body)}</details>` : ''}
<ul>${responses.map(([status, r]) => `<li><b>${escape(status)}</b> ${prose(follow(doc, r).description)}</li>`).join('')}</ul>
</section>`;
}

export function renderReference(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const webhooks = doc.webhooks as Record<string, { post: Json }>;
  const components = doc.components as { schemas: Record<string, Json>; responses: Record<string, Json> };
  const codes = (components.schemas.ErrorCode!.oneOf as { const: string; description: string }[]) ?? [];
  const ops = Object.entries(paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => (o.op.tags as string[])[0]!))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
section{border-top:1px solid #ddd;padding:.5rem 0}
h3{font-size:1rem}.method{display:inline-block;min-width:4.5rem;font-family:monospace}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:13px}table{border-collapse:collapse;font-size:14px}
code{overflow-wrap:anywhere}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}.access{color:#555}
</style></head><body>
<h1>${escape(info.title)} ${escape(info.version)}</h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${tags.map((t) => `<li><a href="#tag-${escape(t.replace(/\W+/g, '-'))}">${escape(t)}</a></li>`).join('')}<li><a href="#webhooks">webhooks</a></li><li><a href="#errors">error codes</a></li></ul></nav>
${tags
  .map(
    (t) =>
      `<h2 id="tag-${escape(t.replace(/\W+/g, '-'))}">${escape(t)}</h2>${ops
        .filter((o) => (o.op.tags as string[])[0] === t)
        .map((o) => operation(doc, o.method, o.path, o.op))
        .join('\n')}`
  )
  .join('\n')}
<h2 id="webhooks">Webhooks</h2>
${Object.entries(webhooks)
  .map(([type, { post }]) => operation(doc, 'event', type, post))
  .join('\n')}
<h2 id="errors">Error codes</h2>
<p>Every error answers <code>{ "error": { "code", "message", "fields"? } }</code>; a 5xx also carries <code>requestId</code>.</p>
<table><tr><th>code</th><th>meaning</th></tr>${codes.map((c) => `<tr><td><code>${escape(c.const)}</code></td><td>${prose(c.description)}</td></tr>`).join('')}</table>
</body></html>`;
}
