import type { MemberRow, MembersResponse } from '../lib/contracts/api';
import { type OptionsValues, ownKept } from '../lib/extension/pages/page-start';
import { isAdmin, sessionState } from '../lib/extension/shared/session-state';
import type { StoredSession } from '../lib/extension/shared/storage-items';
import { h, loadingState } from './dom-paint';
import {
  firstRenderRows,
  memberColumns,
  memberCounts,
  memberRoles,
  NOT_IN_ZOOM,
  ROW_HEIGHT,
  statusChoices,
  typeChoices,
} from './member-table-layout';
import { connectionTypeLabel, notConnectedText, roleLabel } from './words';

/**
 * The console's first paint, drawn by the options page's start script (entrypoints/
 * options-start.ts) with the DOM alone as soon as storage has answered, before React and the
 * console have loaded: the header, the integrations list, and for an admin the member table with
 * the first page the last open kept (member-queries.ts), or "Loading members…". React then renders
 * the console into the same element; its first render is this same markup (options-page.tsx,
 * member-table.tsx; a test holds them equal), so taking over changes nothing on screen, and the
 * early request's answer replaces the kept rows as it would have anyway.
 */
export interface ConsoleFirstView {
  session: StoredSession;
  /** An admin's member table: the page kept from the last open, or null ("Loading members…"). */
  table: { page: MembersResponse | null } | null;
}

/**
 * What storage says the console's first render shows, or null where the start script leaves the
 * page to React: signed out, or an enterprise policy's service URL refused (its notice is React's).
 */
export function consoleFirstView([resolved, stored, kept]: OptionsValues): ConsoleFirstView | null {
  const state = sessionState(resolved, stored);
  if (state.status !== 'signed_in' || resolved?.policyRejected) return null;
  const { session } = state;
  if (!isAdmin(session)) return { session, table: null };
  const page = ownKept(kept, session)?.page;
  return { session, table: { page: page && isMembersPage(page) ? page : null } };
}

/**
 * Paints `view` into `container`, inert: what is painted is a picture of the console until React
 * renders it (takeOverFirstPaint), and a click or a keystroke in its controls would be lost, so
 * none reaches them (and assistive tech waits for the live console).
 */
export function paintConsoleFirstView(container: HTMLElement, view: ConsoleFirstView): void {
  const { session, table } = view;
  container.setAttribute('inert', '');
  const main = h(
    'main',
    { class: 'console-main', 'aria-labelledby': 'zoom-heading' },
    h('h1', { id: 'zoom-heading' }, 'Zoom'),
    loadingState(),
    table && memberTable(session, table.page),
    loadingState(),
  );
  container.replaceChildren(
    consoleHeader(session),
    h('div', { class: 'console-layout' }, integrationsNav(), main),
  );
}

/** React has rendered the console into `container` (in place of any paint): it is live. */
export function takeOverFirstPaint(container: HTMLElement): void {
  container.removeAttribute('inert');
}

/** The console could not load: no picture of one stays up as if it worked. */
export function dropFirstPaint(container: HTMLElement): void {
  container.replaceChildren();
  container.removeAttribute('inert');
}

/** ConsoleHeader (console-header.tsx). */
function consoleHeader(session: StoredSession): HTMLElement {
  return h(
    'header',
    { class: 'console-header' },
    h('strong', {}, session.membership.orgName),
    h('span', { class: 'spacer' }),
    h(
      'span',
      { class: 'small' },
      `${session.account.name} `,
      h('span', { class: 'muted' }, `(${roleLabel[session.membership.role]})`),
    ),
    h('button', { type: 'button', class: 'button' }, 'Sign out'),
  );
}

/** IntegrationsNav (integrations-nav.tsx), before Zoom's state is known. */
function integrationsNav(): HTMLElement {
  return h(
    'nav',
    { 'aria-labelledby': 'integrations-heading' },
    h('h2', { id: 'integrations-heading' }, 'Integrations & apps'),
    h(
      'ul',
      { class: 'nav-list' },
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'nav-item integration-tile', 'aria-current': 'page' },
          h('span', { class: 'integration-logo', 'aria-hidden': 'true' }, 'Z'),
          h(
            'span',
            { class: 'stack tight-stack' },
            h('span', { class: 'integration-name' }, 'Zoom'),
            h('span', { class: 'small muted' }, 'Video meetings'),
          ),
        ),
      ),
    ),
  );
}

/** MemberTable (member-table.tsx) in its first render: default view, nothing scrolled. */
function memberTable(session: StoredSession, page: MembersResponse | null): HTMLElement {
  const counts = h('dl', { class: 'member-counts', 'aria-label': 'Member counts' });
  for (const [label] of memberCounts) {
    counts.append(h('div', {}, h('dt', {}, label), h('dd', {}, '…')));
  }
  return h(
    'section',
    { class: 'card stack', 'aria-labelledby': 'members-heading' },
    h('h2', { id: 'members-heading' }, 'Members'),
    counts,
    toolbar(),
    ...(page ? table(session, page) : [loadingState('Loading members…')]),
  );
}

function toolbar(): HTMLElement {
  const field = (label: string, control: HTMLElement) =>
    h('label', { class: 'field' }, h('span', {}, label), control);
  const select = (options: [string, string][]) =>
    h(
      'select',
      { class: 'input' },
      ...options.map(([value, text]) => h('option', { value }, text)),
    );
  return h(
    'div',
    { class: 'member-toolbar row' },
    field(
      'Search members',
      // In React's order of attributes (the test compares markup).
      h('input', {
        class: 'input',
        placeholder: 'Name or email',
        maxlength: '100',
        type: 'search',
        value: '',
      }),
    ),
    field('Status', select(statusChoices)),
    field('Type', select(typeChoices)),
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'button' }, 'Export CSV'),
  );
}

function table(session: StoredSession, page: MembersResponse): HTMLElement[] {
  const isOwner = session.membership.role === 'owner';
  const rows = page.members;
  const shown = firstRenderRows(rows.length);
  const head = h('tr', {});
  for (const col of memberColumns) {
    const sorted = col.sort === 'name';
    head.append(
      h(
        'th',
        sorted ? { scope: 'col', 'aria-sort': 'ascending' } : { scope: 'col' },
        col.sort
          ? h(
              'button',
              { type: 'button', class: sorted ? 'sort-button sorted-asc' : 'sort-button' },
              col.label,
            )
          : col.label,
      ),
    );
  }
  if (isOwner)
    head.append(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')));

  const body = h('tbody', {});
  rows.slice(0, shown).forEach((member, index) => {
    body.append(memberRow(session, member, index, isOwner));
  });
  const padBottom = (rows.length - shown) * ROW_HEIGHT;
  if (padBottom > 0) {
    body.append(
      h(
        'tr',
        { 'aria-hidden': 'true' },
        h('td', {
          colspan: String(isOwner ? 6 : 5),
          style: `height: ${padBottom}px; padding: 0px;`,
        }),
      ),
    );
  }
  const total = page.total.toLocaleString();
  return [
    h(
      'div',
      { class: 'table-wrap member-scroll' },
      h(
        'table',
        { class: 'member-table', 'aria-label': 'Members', 'aria-rowcount': String(page.total + 1) },
        h('thead', {}, head),
        body,
      ),
      rows.length === 0 ? h('p', { class: 'empty small muted' }, 'No members yet.') : null,
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'span',
        { id: 'members-total', class: 'small muted', 'aria-live': 'polite' },
        `Showing ${total} of ${total} ${page.total === 1 ? 'member' : 'members'}`,
      ),
    ),
  ];
}

function memberRow(
  session: StoredSession,
  member: MemberRow,
  index: number,
  isOwner: boolean,
): HTMLElement {
  const truncated = (text: string) => h('span', { class: 'truncate', title: text }, text);
  const row = h(
    'tr',
    { 'aria-rowindex': String(index + 2), style: `height: ${ROW_HEIGHT}px;` },
    h('td', {}, truncated(member.name)),
    h('td', {}, truncated(member.email)),
    h('td', {}, roleLabel[member.role]),
    h('td', {}, statusCell(member)),
    h('td', {}, member.type ? connectionTypeLabel[member.type] : '—'),
  );
  if (isOwner) {
    row.append(
      h(
        'td',
        {},
        member.id === session.account.id
          ? h('span', { class: 'small muted' }, 'You')
          : memberActions(member),
      ),
    );
  }
  return row;
}

/** StatusCell (member-table.tsx). */
function statusCell(member: MemberRow): HTMLElement {
  if (member.status === 'connected') return h('span', { class: 'status status-ok' }, 'Connected');
  if (member.reason === 'not_in_zoom_account') {
    return h(
      'span',
      { class: 'status status-warn', title: NOT_IN_ZOOM },
      h('span', { class: 'visually-hidden' }, 'Not connected: '),
      'Not in Zoom account',
      h('span', { class: 'visually-hidden' }, `: ${NOT_IN_ZOOM}`),
    );
  }
  const reason = member.reason ? notConnectedText[member.reason].reason : null;
  return h(
    'span',
    reason ? { class: 'status status-off', title: reason } : { class: 'status status-off' },
    'Not connected',
    reason ? h('span', { class: 'visually-hidden' }, `: ${reason}`) : null,
  );
}

/** MemberActions (member-actions.tsx): the role select shows the member's role. */
function memberActions(member: MemberRow): HTMLElement {
  const select = h(
    'select',
    { class: 'input small-select', 'aria-label': `Role of ${member.name}` },
    ...memberRoles.map((role) => h('option', { value: role }, roleLabel[role])),
  ) as HTMLSelectElement;
  select.value = member.role;
  return h(
    'span',
    { class: 'row tight nowrap' },
    select,
    h(
      'button',
      { type: 'button', class: 'button small-button', 'aria-label': `Remove ${member.name}` },
      'Remove',
    ),
  );
}

type Fields = Record<string, unknown>;
const oneOf = (value: unknown, allowed: object) =>
  typeof value === 'string' && Object.hasOwn(allowed, value);

/**
 * Whether a kept page holds what the paint draws, in the shape the page's schema requires
 * (membersResponse in lib/contracts/api.ts, which React checks again before using it). No zod
 * here: the start script stays small, and everything drawn goes in as text.
 */
export function isMembersPage(value: unknown): value is MembersResponse {
  const page = (value ?? 0) as Fields;
  return (
    Number.isInteger(page.total) &&
    (page.nextCursor === null || typeof page.nextCursor === 'string') &&
    Array.isArray(page.members) &&
    page.members.every((m: unknown) => {
      const row = (m ?? 0) as Fields;
      return (
        typeof row.id === 'string' &&
        typeof row.name === 'string' &&
        typeof row.email === 'string' &&
        oneOf(row.role, roleLabel) &&
        (row.status === 'connected' || row.status === 'not_connected') &&
        (row.type === null || oneOf(row.type, connectionTypeLabel)) &&
        (row.reason === null || oneOf(row.reason, notConnectedText)) &&
        typeof row.zoomUserMissing === 'boolean'
      );
    })
  );
}
