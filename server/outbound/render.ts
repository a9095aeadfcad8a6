import { dropEmptyVariableLines } from '#shared/email-templates.ts';

/** Fills a notification template: `[[name]]` variables, escaped for HTML, plain text kept as is. */
export type TemplateVars = Record<string, string>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Plain text: a line whose only content is an empty variable disappears (dropEmptyVariableLines). */
export function fillText(template: string, vars: TemplateVars): string {
  return dropEmptyVariableLines(template, vars).replace(/\[\[([a-z_]+)\]\]/g, (whole, name: string) => vars[name] ?? whole);
}

/** HTML body: the template and every value escaped, line breaks kept, the return (or sign-in) link clickable. */
export function fillHtml(template: string, vars: TemplateVars): string {
  const html = escapeHtml(dropEmptyVariableLines(template, vars)).replace(/\[\[([a-z_]+)\]\]/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    if (name === 'return_url' || name === 'sign_in_url') return `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>`;
    return escapeHtml(value);
  });
  return `<!doctype html><html><body><div style="font-family:sans-serif;line-height:1.5">${html.replace(/\n/g, '<br>')}</div></body></html>`;
}
