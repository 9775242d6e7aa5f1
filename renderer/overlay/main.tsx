/** The region overlay's page: the screenshot full-screen, drag a region, Esc cancels. */
import { createRoot } from 'react-dom/client';
import type { OverlayApi } from '../../shared/overlay';
import { RegionOverlay } from './RegionOverlay';
import './overlay.css';

const api = (window as unknown as { overlay: OverlayApi }).overlay;
createRoot(document.getElementById('root')!).render(<RegionOverlay api={api} />);
