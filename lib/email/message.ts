export type EmailMessage = {
  /** What the message is about, for the dev mailbox and the logs (never the body). */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A calm, single-column HTML layout that mail clients render without external assets. */
export function htmlLayout(parts: { heading: string; paragraphs: string[]; action?: { label: string; url: string }; footer: string }) {
  const p = (text: string) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1f2937">${text}</p>`;
  const button = parts.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600;font-size:15px">${escapeHtml(parts.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#6b7280">Or paste this link into your browser:<br><span style="word-break:break-all">${escapeHtml(parts.action.url)}</span></p>`
    : "";
  return `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<div style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<h1 style="margin:0 0 16px;font-size:20px;color:#111827">${escapeHtml(parts.heading)}</h1>
${parts.paragraphs.map(p).join("\n")}
${button}
<p style="margin:24px 0 0;font-size:12px;line-height:1.5;color:#9ca3af">${escapeHtml(parts.footer)}</p>
</div></body></html>`;
}
