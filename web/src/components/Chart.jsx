// An Apache ECharts chart, the library fetched the first time a chart is shown (echartsSetup.js);
// resized with its box, disposed with the component.
import { useEffect, useRef } from 'preact/hooks';

let library;
const loadECharts = () => (library ??= import('./echartsSetup.js').then((m) => m.echarts));
// Starts the download early, when a page with charts is where the app opens (main.jsx).
export const preloadCharts = () => { loadECharts(); };

// `points`: how many data points it shows, as data-points for tests and assistive summaries.
export function Chart({ option, height = 260, label, onClick, points }) {
  const box = useRef(null);
  const chart = useRef(null);
  const latest = useRef({ option, onClick });
  latest.current = { option, onClick };
  const apply = () => {
    if (!chart.current) return;
    chart.current.setOption(latest.current.option, true);
    chart.current.off('click');
    if (latest.current.onClick) chart.current.on('click', latest.current.onClick);
  };
  useEffect(() => {
    let gone = false;
    let observer;
    loadECharts().then((echarts) => {
      if (gone) return;
      chart.current = echarts.init(box.current, null, { renderer: 'svg' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(box.current);
      apply();
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(apply, [option]);
  return <div ref={box} class="chart" style={{ height: `${height}px` }} role="img" aria-label={label} data-points={points} />;
}
