/** The `#root` element of an extension page; missing it is a build mistake, so fail loudly. */
export function mountPoint(): HTMLElement {
  const root = document.getElementById('root');
  if (!root) throw new Error('Page has no #root element');
  return root;
}
