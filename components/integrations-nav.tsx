export interface IntegrationsNavProps {
  selected: 'zoom';
  onSelect: (integration: 'zoom') => void;
  /** Zoom's state in words ("Connected", "Not connected"…), once known. */
  zoomState?: string;
  /** Whether that state is a working connection, for the pill's colour. */
  zoomOk?: boolean;
}

/**
 * "Integrations & apps" → "Zoom", as in the seed article: one tile per integration with its
 * state, as Calendly's integrations and Zoom's Marketplace show them; Zoom is the only one so far.
 */
export function IntegrationsNav({ selected, onSelect, zoomState, zoomOk }: IntegrationsNavProps) {
  return (
    <nav aria-labelledby="integrations-heading">
      <h2 id="integrations-heading">Integrations &amp; apps</h2>
      <ul className="nav-list">
        <li>
          <button
            type="button"
            className="nav-item integration-tile"
            aria-current={selected === 'zoom' ? 'page' : undefined}
            onClick={() => onSelect('zoom')}
          >
            <span className="integration-logo" aria-hidden="true">
              Z
            </span>
            <span className="stack tight-stack">
              <span className="integration-name">Zoom</span>
              <span className="small muted">Video meetings</span>
              {zoomState && (
                <span className={`status ${zoomOk ? 'status-ok' : 'status-off'}`}>{zoomState}</span>
              )}
            </span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
