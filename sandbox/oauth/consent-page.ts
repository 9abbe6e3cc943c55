/** The HTML of the authorization server: the consent page and its error page. */
import { scopePurpose, type Registry } from '../../src/api/objects';

/** `saas/matter.write` → "Create and update matters", in the registry's words. */
function scopeLabel(scope: string, objects: Registry): string {
  const purpose = scopePurpose(scope, objects) ?? scope;
  return purpose.charAt(0).toUpperCase() + purpose.slice(1);
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function consentPage(options: {
  consentId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  accountName: string;
  objects: Registry;
}): string {
  const scopes = options.scopes
    .map(
      (scope) =>
        `<li>${escapeHtml(scopeLabel(scope, options.objects))} <code>${escapeHtml(scope)}</code></li>`,
    )
    .join('\n');
  return page(
    'Authorize access to Snapshots',
    `<h1>Authorize ${escapeHtml(options.clientId)}</h1>
<p>${escapeHtml(options.clientId)} asks to access <strong>${escapeHtml(options.accountName)}</strong>:</p>
<ul>
${scopes}
</ul>
<p>You will be sent back to <code>${escapeHtml(options.redirectUri)}</code>.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="consent" value="${escapeHtml(options.consentId)}">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Authorization error', `<h1>Authorization error</h1>\n<p>${escapeHtml(message)}</p>`);
}
