// An Apache ECharts chart (only the bar, line and pie charts the dashboard uses are bundled);
// resized with its box, disposed with the component.
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, SVGRenderer]);

// `points`: how many data points it shows, as data-points for tests and assistive summaries.
export function Chart({ option, height = 260, label, onClick, points }) {
  const box = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = echarts.init(box.current, null, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      chart.current.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current.setOption(option, true);
    chart.current.off('click');
    if (onClick) chart.current.on('click', onClick);
  }, [option]);
  return <div ref={box} class="chart" style={{ height: `${height}px` }} role="img" aria-label={label} data-points={points} />;
}
