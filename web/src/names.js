// The directories behind the codes cases carry — categories, organisation units — fetched once
// and shared by every view; administration forgets them when it changes one.
import { get } from './api.js';

let unitsOnce;
// The active organisation units (what a dispatcher may pick).
export const orgUnits = () => (unitsOnce ??= get('/api/v1/org-units').then((r) => r.org_units).catch(() => []));

let categoriesOnce;
const matterCategories = () => (categoriesOnce ??= get('/api/v1/categories?kind=matter&include_disabled=true')
  .then((r) => r.categories).catch(() => []));
// Matter category code → name.
export const categoryNames = async () => new Map((await matterCategories()).map((c) => [c.code, c.name]));
// Matter major class (2 digits) → its name.
export const majorClassNames = async () => new Map((await matterCategories()).map((c) => [c.major_code, c.major_name]));

export function forgetDirectories() {
  unitsOnce = undefined;
  categoriesOnce = undefined;
}

// { category: "06010 暴露垃圾", department: "任城区环卫处" } for a case, codes where no name is known.
export async function caseNames(view) {
  const [cats, units] = await Promise.all([categoryNames(), orgUnits()]);
  const unit = units.find((u) => u.id === view.department);
  return {
    category: view.category ? [view.category, cats.get(view.category)].filter(Boolean).join(' ') : '',
    department: view.department ? (unit ? unit.name : view.department) : '',
  };
}
