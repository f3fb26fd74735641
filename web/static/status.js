// Fills the interim status page from /api/v1/version and /healthz.
(async () => {
  const show = (id, text, cls) => {
    const el = document.getElementById(id);
    el.textContent = text;
    if (cls) el.className = cls;
  };
  try {
    const v = await (await fetch('/api/v1/version')).json();
    show('version', `${v.version} (${v.commit})`);
    show('database', v.backend === 'sqlite' ? 'SQLite（内嵌）' : 'PostgreSQL');
  } catch (e) {
    show('version', '无法获取', 'bad');
  }
  try {
    const res = await fetch('/healthz');
    const h = await res.json();
    show('health', res.ok ? '正常' : `异常：${h.problem}`, res.ok ? 'ok' : 'bad');
  } catch (e) {
    show('health', '无法连接服务器', 'bad');
  }
})();
