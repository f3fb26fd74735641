// The part of Apache ECharts the charts use (bar, line and pie, drawn as SVG), in a module of its
// own that Chart.jsx imports on first use: pages without charts never download it (issue 22 §3).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, SVGRenderer]);

export { echarts };
