// Names for the codes cases carry — a category's, a department's — fetched once per page load and
// shared by every view that shows a case.
import { get } from './api.js';
import { orgUnits } from './components/ActionDialog.jsx';

let categoriesOnce;
// Matter category code → name.
export const categoryNames = () => (categoriesOnce ??= get('/api/v1/categories?kind=matter&include_disabled=true')
  .then((r) => new Map(r.categories.map((c) => [c.code, c.name])))
  .catch(() => new Map()));

// { category: "06010 暴露垃圾", department: "HW 任城区环卫处" } for a case, codes where no name is known.
export async function caseNames(view) {
  const [cats, units] = await Promise.all([categoryNames(), orgUnits()]);
  const unit = units.find((u) => u.id === view.department);
  return {
    category: view.category ? [view.category, cats.get(view.category)].filter(Boolean).join(' ') : '',
    department: view.department ? (unit ? `${unit.name}` : view.department) : '',
  };
}
