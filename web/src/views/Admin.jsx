// 系统管理: one page per thing an administrator keeps — accounts and API tokens, unit grids,
// categories, responsibility rules with their units, the working calendar — each shown only to
// whoever holds its permission; the section is in the address (/admin/rules).
import { t } from '../i18n.js';
import { navigate, onLinkClick } from '../router.js';
import { can } from '../session.js';
import { Users } from './admin/Users.jsx';
import { Grids } from './admin/Grids.jsx';
import { Categories } from './admin/Categories.jsx';
import { Rules } from './admin/Rules.jsx';
import { Calendar } from './admin/Calendar.jsx';

// section, view, the permission it needs
const ADMIN_SECTIONS = [
  ['users', Users, 'users.manage'],
  ['grids', Grids, 'grids.manage'],
  ['categories', Categories, 'categories.manage'],
  ['rules', Rules, 'rules.manage'],
  ['calendar', Calendar, 'calendar.manage'],
];
export const ADMIN_PERMISSIONS = ADMIN_SECTIONS.map((s) => s[2]);

export function Admin({ section }) {
  const allowed = ADMIN_SECTIONS.filter((s) => can(s[2]));
  const current = allowed.find((s) => s[0] === section);
  if (!current) {
    if (allowed.length) queueMicrotask(() => navigate(`/admin/${allowed[0][0]}`, true));
    return null;
  }
  const View = current[1];
  return (
    <section class="admin">
      <div class="toolbar">
        <h1>{t('admin.title')}</h1>
        <nav aria-label={t('admin.sections')}>
          <ul class="tabs">
            {allowed.map(([name]) => (
              <li key={name}><a href={`/admin/${name}`} onClick={onLinkClick}
                aria-current={name === section ? 'page' : undefined}>{t(`admin.${name}`)}</a></li>
            ))}
          </ul>
        </nav>
      </div>
      <View />
    </section>
  );
}
