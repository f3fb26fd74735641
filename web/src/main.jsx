// The single-page app: the top bar, the routes and who may see which, zh-CN first.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import './styles.css';
import { get } from './api.js';
import { locale, setLocale, setVocabulary, t } from './i18n.js';
import { location, match, navigate, onLinkClick } from './router.js';
import { can, homeOf, loadMe, me, signOut } from './session.js';
import { useSignal } from './signal.js';
import { Login } from './views/Login.jsx';
import { Queues } from './views/Queues.jsx';
import { CaseDetail } from './views/CaseDetail.jsx';
import { Intake } from './views/Intake.jsx';
import { Field } from './views/Field.jsx';
import { CitizenReport } from './views/CitizenReport.jsx';
import { Track } from './views/Track.jsx';
import { Dashboard, preloadDashboard } from './views/Dashboard.jsx';
import { Evaluation } from './views/Evaluation.jsx';
import { Supervision } from './views/Supervision.jsx';
import { ADMIN_PERMISSIONS, Admin } from './views/Admin.jsx';
import { ChangePassword } from './views/ChangePassword.jsx';
import { preloadCharts } from './components/Chart.jsx';

const SIGNED_IN = 'signed in'; // a route for any signed-in user, whatever their permissions

// path, view, the permission it needs (null: open to everyone; a list: any of them; SIGNED_IN: any
// account), nav label
const ROUTES = [
  ['/report', CitizenReport, null],
  ['/track', Track, null],
  ['/track/:code', Track, null],
  ['/login', Login, null],
  ['/password', ChangePassword, SIGNED_IN],
  ['/queues', Queues, 'case.view', 'nav.queues'],
  ['/cases/:id', CaseDetail, SIGNED_IN], // the server decides: the case in scope, or one's own report's status
  ['/intake', Intake, 'case.accept', 'nav.intake'],
  ['/field', Field, 'case.verify_ok', 'nav.field'],
  ['/supervision', Supervision, 'case.view', 'nav.supervision'],
  ['/dashboard', Dashboard, 'evaluation.view', 'nav.dashboard'],
  ['/evaluation', Evaluation, 'evaluation.view', 'nav.evaluation'],
  ['/admin', Admin, ADMIN_PERMISSIONS, 'nav.admin'],
  ['/admin/:section', Admin, ADMIN_PERMISSIONS],
];

// Opened directly, pages with charts or the city's map start fetching them beside the app's first
// requests instead of after them; so does the question who is signed in.
if (window.location.pathname === '/dashboard') preloadDashboard();
if (window.location.pathname === '/evaluation') preloadCharts();
loadMe();

function TopBar({ user }) {
  const path = location.value.split('?')[0];
  return (
    <header class="topbar">
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <a class="brand" href={user ? homeOf(user) : '/report'} onClick={onLinkClick}>{t('app.name')}</a>
      <nav aria-label={t('nav.main')}>
        <ul>
          {user && ROUTES.filter((r) => r[3] && can(r[2])).map(([p, , , label]) => (
            <li key={p}><a href={p} onClick={onLinkClick} aria-current={path === p || path.startsWith(`${p}/`) ? 'page' : undefined}>{t(label)}</a></li>
          ))}
          {!user && <li><a href="/report" onClick={onLinkClick}>{t('nav.report')}</a></li>}
          {!user && <li><a href="/track" onClick={onLinkClick}>{t('nav.track')}</a></li>}
        </ul>
      </nav>
      <div class="account">
        <button type="button" class="link" onClick={() => setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN')}
          lang={locale.value === 'zh-CN' ? 'en' : 'zh-CN'}>{t('nav.language')}</button>
        {user ? (
          <>
            <a class="user" href="/password" onClick={onLinkClick} title={t('password.title')}
              aria-label={`${user.username} · ${t('password.title')}`}>{user.username}</a>
            <button type="button" class="link" onClick={async () => { await signOut(); navigate('/login'); }}>{t('nav.signout')}</button>
          </>
        ) : (
          <a href="/login" onClick={onLinkClick}>{t('nav.signin')}</a>
        )}
      </div>
    </header>
  );
}

function App() {
  const user = useSignal(me);
  const path = useSignal(location);
  useSignal(locale);
  if (user === undefined) return <p class="loading">{t('common.loading')}</p>;
  const bare = path.split('?')[0];
  let view = null;
  for (const [pattern, View, permission] of ROUTES) {
    const params = match(pattern, bare);
    if (!params) continue;
    if (permission && !user) view = <Login next={path} />;
    else if (permission && user.must_change_password && View !== ChangePassword) {
      // A one-time password opens nothing but the form that replaces it.
      queueMicrotask(() => navigate(`/password?next=${encodeURIComponent(path)}`, true));
      return null;
    } else if (permission && permission !== SIGNED_IN && !can(permission)) view = <p class="error">403</p>;
    else view = <View {...params} />;
    break;
  }
  if (!view) {
    // "/" and unknown paths: the user's home, or the sign-in page.
    queueMicrotask(() => navigate(user ? homeOf(user) : '/login', true));
    return null;
  }
  return (
    <>
      <TopBar user={user} />
      <main id="main" tabIndex={-1}>{view}</main>
    </>
  );
}

// The server's words (the names of states, stages, channels, urgencies, roles) before the first
// page; if they cannot be had, the app is drawn anyway, naming those codes by themselves, and each
// page reports the server's unavailability as its own requests fail.
get('/api/v1/vocabulary').then(setVocabulary, (err) => console.error('vocabulary', err))
  .finally(() => render(<App />, document.getElementById('app')));
