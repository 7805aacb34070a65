/**
 * What the pages' first paints (popup-first-paint.ts, console-first-paint.ts) draw with: the DOM
 * alone, before React has loaded. Text goes in as text nodes only, never parsed as markup.
 */
export function h(
  tag: string,
  attrs: Record<string, string>,
  ...children: (Node | string | null)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== '') el.append(child);
  return el;
}

/** LoadingState (loading-state.tsx). */
export function loadingState(label = 'Loading…'): HTMLElement {
  return h(
    'div',
    { class: 'row muted small', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, label),
  );
}
