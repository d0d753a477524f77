import { activeBridge } from '../bridge/activeBridge';
import { navigate, useLocation } from './navigation';
import { screens } from './screens';

export function App() {
  const { screen, params } = useLocation();
  const current = screens.find((s) => s.id === screen) ?? screens[0]!;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">
          <span className="brand-mark" aria-hidden>▮▮▯</span> Headroom
        </div>
        {screens.map((s) => (
          <button key={s.id} className={`nav-item${s.id === current.id ? ' active' : ''}`} aria-current={s.id === current.id ? 'page' : undefined} onClick={() => navigate(s.id)}>
            {s.label}
          </button>
        ))}
        <div className="sidebar-foot">{activeBridge.mode === 'web' ? 'Headless mode (127.0.0.1)' : 'Desktop'}</div>
      </nav>
      <main className="content">{current.render(params)}</main>
    </div>
  );
}
