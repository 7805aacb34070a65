import { browser } from 'wxt/browser';

/** The extension's approval page for a link token (the token rides in the hash, never sent). */
export function approvalPageUrl(linkToken: string): string {
  return `${browser.runtime.getURL('/approve.html')}#${linkToken}`;
}

/** An approval link is `<serviceUrl>/approve/<linkToken>`. */
export function linkTokenFromUrl(linkUrl: string): string | null {
  try {
    const last = new URL(linkUrl).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : null;
  } catch {
    return null;
  }
}

export async function openApprovalPage(linkUrl: string): Promise<void> {
  const token = linkTokenFromUrl(linkUrl);
  if (token) await browser.tabs.create({ url: approvalPageUrl(token) });
}

export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
}

/** The link token of the approval page, from `location.hash`. */
export function linkTokenFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, ''));
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
