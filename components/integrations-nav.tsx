export interface IntegrationsNavProps {
  selected: 'zoom';
  onSelect: (integration: 'zoom') => void;
}

/** "Integrations & apps" → "Zoom", as in the seed article; Zoom is the only integration so far. */
export function IntegrationsNav({ selected, onSelect }: IntegrationsNavProps) {
  return (
    <nav aria-labelledby="integrations-heading">
      <h2 id="integrations-heading">Integrations &amp; apps</h2>
      <ul className="nav-list">
        <li>
          <button
            type="button"
            className="nav-item"
            aria-current={selected === 'zoom' ? 'page' : undefined}
            onClick={() => onSelect('zoom')}
          >
            Zoom
          </button>
        </li>
      </ul>
    </nav>
  );
}
