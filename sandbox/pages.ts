/** Server-rendered pages of the sandbox's Zoom sign-in and consent flow. */

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLES = `
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f7f9fa;color:#232333}
  header{background:#fff;border-bottom:1px solid #e4e6eb;padding:16px 32px}
  .logo{color:#0b5cff;font-weight:800;font-size:28px;letter-spacing:-1px;text-decoration:none}
  .sandbox{margin-left:8px;font-size:12px;color:#6e7680;border:1px solid #d0d4d9;border-radius:4px;padding:2px 6px;vertical-align:middle}
  main{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px}
  h1{font-size:24px;margin:0 0 8px}
  p{line-height:1.5;color:#39394d}
  label{display:block;font-weight:600;margin:16px 0 6px}
  input{width:100%;padding:10px 12px;border:1px solid #babcc4;border-radius:8px;font-size:15px}
  input:focus{outline:2px solid #0b5cff;outline-offset:1px;border-color:#0b5cff}
  button{width:100%;margin-top:20px;padding:12px;border:0;border-radius:8px;font-size:15px;font-weight:600;cursor:pointer;background:#0b5cff;color:#fff}
  button:focus-visible{outline:3px solid #0b5cff;outline-offset:2px}
  button.secondary{background:#fff;color:#232333;border:1px solid #babcc4}
  .error{background:#fdecea;color:#b3261e;border-radius:8px;padding:10px 12px;margin:12px 0}
  .account{background:#f1f4f8;border-radius:8px;padding:12px;margin:16px 0}
  ul{padding-left:20px;color:#39394d}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Zoom</title>
<style>${STYLES}</style>
</head>
<body>
<header><span class="logo">zoom</span><span class="sandbox">sandbox</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export function signInPage(input: {
  authorizationId: string;
  appName: string;
  email?: string;
  error?: string;
}): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return layout(
    'Sign In',
    `<h1>Sign In</h1>
<p>Sign in to continue to <strong>${escapeHtml(input.appName)}</strong>.</p>
${error}
<form method="post" action="/oauth/signin">
  <input type="hidden" name="authorization_id" value="${escapeHtml(input.authorizationId)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign In</button>
</form>`,
  );
}

const SCOPE_TEXT: Record<'admin' | 'user', string[]> = {
  admin: [
    "View all users' information in your account",
    'Create meetings for users in your account',
    'View meeting invitations of users in your account',
  ],
  user: ['View your user information', 'Create meetings for you', 'View your meeting invitations'],
};

export function consentPage(input: {
  authorizationId: string;
  appName: string;
  appType: 'admin' | 'user';
  email: string;
  accountName: string;
}): string {
  const scopes = SCOPE_TEXT[input.appType].map((text) => `<li>${escapeHtml(text)}</li>`).join('');
  const who = input.appType === 'admin' ? 'your account' : 'your Zoom account';
  return layout(
    'Allow app',
    `<h1>${escapeHtml(input.appName)} would like to access your Zoom account</h1>
<div class="account">Signed in as <strong>${escapeHtml(input.email)}</strong><br>Account: ${escapeHtml(input.accountName)}</div>
<p>This app will be able to:</p>
<ul>${scopes}</ul>
<p>By allowing, you let this app use ${who} as described above.</p>
<form method="post" action="/oauth/consent">
  <input type="hidden" name="authorization_id" value="${escapeHtml(input.authorizationId)}">
  <button type="submit" name="decision" value="allow">Allow</button>
  <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p>`);
}

export function joinMeetingPage(meetingId: string): string {
  return layout(
    'Join meeting',
    `<h1>Join meeting ${escapeHtml(meetingId)}</h1><p>This is the Zoom sandbox: no real meeting runs here.</p>`,
  );
}
