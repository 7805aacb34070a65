import { createRoot } from 'react-dom/client';
import { FLOOR_TEXT } from '../../../../ui-marks';

function Floor() {
  return <p>{FLOOR_TEXT}</p>;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Floor />);
