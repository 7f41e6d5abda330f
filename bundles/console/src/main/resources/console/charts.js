// One uPlot chart per point of a device over the last 24 h, from GET /api/readings (the journal's history).
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { api } from './api.js';
import { h, show } from './dom.js';
import { t } from './i18n.js';

const DAY_MILLIS = 24 * 3600 * 1000;
/** Charts are redrawn from history at most this often; the latest values refresh every poll. */
const RELOAD_MILLIS = 60 * 1000;
/** A chart needs no more values than it is wide in pixels. */
const MAX_VALUES = 2000;
const MAX_CHARTS = 24;

export function deviceCharts(container, device) {
  const charts = new Map();

  function chartWidth() {
    return Math.max(240, Math.min(container.clientWidth || 600, 900) - 16);
  }

  /** One request for every chart that is due: the hub scans its journal once for all of them. */
  async function load(due) {
    const to = new Date();
    const from = new Date(to.getTime() - DAY_MILLIS);
    const query = new URLSearchParams({ device, from: from.toISOString(), to: to.toISOString(), max: MAX_VALUES });
    due.forEach(([point, chart]) => {
      query.append('point', point);
      chart.loadedAt = Date.now();
    });
    const r = await api(`/api/readings?${query}`);
    if (!r.ok) {
      due.forEach(([, chart]) => show(chart.caption, t('unavailable', (r.data && r.data.error) || r.status)));
      return;
    }
    for (const series of r.data.series) {
      const chart = charts.get(series.point);
      if (chart) draw(chart, series);
    }
  }

  function draw(chart, series) {
    const data = [series.times.map((ms) => ms / 1000), series.values.map(Number)];
    if (chart.plot) {
      chart.plot.setData(data);
    } else {
      chart.plot = new uPlot({
        width: chartWidth(),
        height: 180,
        scales: { x: { time: true } },
        series: [{}, { label: `${series.point}${series.unit ? ` (${series.unit})` : ''}`, stroke: '#b03a2e', width: 1.5 }],
      }, data, chart.plotEl);
    }
    chart.el.dataset.points = String(series.times.length);
    show(chart.caption, t('device.chartPoints', series.times.length));
  }

  function onResize() {
    charts.forEach((c) => c.plot && c.plot.setSize({ width: chartWidth(), height: 180 }));
  }
  window.addEventListener('resize', onResize);

  return {
    async update(points) {
      const due = [];
      for (const point of points.slice(0, MAX_CHARTS)) {
        let chart = charts.get(point);
        if (!chart) {
          const caption = h('figcaption', { class: 'muted' }, t('loading'));
          const plotEl = h('div');
          const el = h('figure', { class: 'chart', 'data-point': point }, h('h3', null, point), plotEl, caption);
          container.append(el);
          chart = { el, plotEl: plotEl, caption, plot: null, loadedAt: 0 };
          charts.set(point, chart);
        }
        if (Date.now() - chart.loadedAt > RELOAD_MILLIS) due.push([point, chart]);
      }
      if (due.length) await load(due);
    },
    dispose() {
      window.removeEventListener('resize', onResize);
      charts.forEach((c) => c.plot && c.plot.destroy());
    },
  };
}
