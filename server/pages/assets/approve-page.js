// Times come in UTC from the server, which can't know the reader's zone; shown here in theirs,
// with the same options as lib/words/approval.ts (localTimeOptions).
for (const time of document.querySelectorAll('time[data-local-time]')) {
  time.textContent = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(time.dateTime));
}

// Hands the approval to the extension when it is installed: the extension's background accepts
// this message only from the service's origin and moves this tab to its own approval page.
// Without the extension, `chrome.runtime` is undefined here and the plain web flow stays.
const root = document.querySelector('[data-link-token]');
const ids = (root?.dataset.extensionIds ?? '').split(',').filter(Boolean);
const linkToken = root?.dataset.linkToken;
const status = document.getElementById('handoff-status');

function send(id, message) {
  return new Promise((resolve) => {
    try {
      globalThis.chrome.runtime.sendMessage(id, message, (reply) => {
        void globalThis.chrome.runtime.lastError;
        resolve(reply);
      });
    } catch {
      resolve(undefined);
    }
  });
}

if (linkToken && ids.length && globalThis.chrome?.runtime?.sendMessage) {
  for (const id of ids) {
    const reply = await send(id, { type: 'approval/open', linkToken });
    if (reply?.ok) {
      if (status) status.textContent = 'Opening the Org Zoom Connect extension…';
      break;
    }
  }
}
