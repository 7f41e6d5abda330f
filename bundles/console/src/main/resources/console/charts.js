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

/**
 * Which readings show the control loop over time. The loop publishes no readings of its own: its supply setpoint is
 * written to the device its binding names (the report's commands carry that device and point) and read back from it
 * by polling; the measured supply and the outdoor temperature are readings of the same device when it has them.
 * Without a supply command in the report, the device reporting setpoint.supply is taken. The device is kept once
 * found, so a cycle inside the deadband (no command) does not move the chart.
 */
export function controlSources(report, latest, previous) {
  const sent = ((report && report.commands) || []).find((c) => c.output === 'supply');
  const now = Date.now();
  const current = latest.filter((r) => Date.parse(r.time) <= now + 60000); // not a forecast posted ahead
  const reporting = (point) => current.filter((r) => r.point === point).map((r) => r.device);
  const setpoint = sent ? { device: sent.device, point: sent.point } : previous && previous[0]
    || (reporting('setpoint.supply')[0] ? { device: reporting('setpoint.supply')[0], point: 'setpoint.supply' } : null);
  if (!setpoint) return [];
  const outdoorDevices = reporting('temp.outdoor');
  const outdoor = outdoorDevices.includes(setpoint.device) ? setpoint.device : outdoorDevices[0];
  return [
    { ...setpoint, key: 'setpoint' },
    ...(reporting('temp.supply').includes(setpoint.device) ? [{ device: setpoint.device, point: 'temp.supply', key: 'supply' }] : []),
    ...(outdoor ? [{ device: outdoor, point: 'temp.outdoor', key: 'outdoor' }] : []),
  ];
}

const SERIES_STYLE = { setpoint: { stroke: '#b03a2e', width: 2 }, supply: { stroke: '#d4862a', width: 1 }, outdoor: { stroke: '#2e6fb0', width: 1.5 } };

/** One chart of the control loop's sources (controlSources) over the last 24 h, on one °C scale. */
export function controlChart(container) {
  const plotEl = h('div');
  const caption = h('figcaption', { class: 'muted' }, t('loading'));
  const el = h('figure', { class: 'chart', id: 'control-chart' }, plotEl, caption);
  container.append(el);
  let plot = null;
  let drawnFor = '';
  let loadedAt = 0;

  const width = () => Math.max(240, Math.min(container.clientWidth || 600, 1100) - 16);
  const onResize = () => plot && plot.setSize({ width: width(), height: 240 });
  window.addEventListener('resize', onResize);

  async function load(sources) {
    const to = new Date();
    const from = new Date(to.getTime() - DAY_MILLIS);
    const byDevice = new Map();
    sources.forEach((s) => byDevice.set(s.device, [...(byDevice.get(s.device) || []), s]));
    const answers = await Promise.all([...byDevice].map(([device, list]) => {
      const query = new URLSearchParams({ device, from: from.toISOString(), to: to.toISOString(), max: MAX_VALUES });
      list.forEach((s) => query.append('point', s.point));
      return api(`/api/readings?${query}`).then((r) => ({ device, r }));
    }));
    const failed = answers.find((a) => !a.r.ok);
    if (failed) {
      show(caption, t('unavailable', (failed.r.data && failed.r.data.error) || failed.r.status));
      return;
    }
    const tables = [];
    const labels = [];
    let values = 0;
    for (const s of sources) {
      const found = answers.find((a) => a.device === s.device).r.data.series.find((x) => x.point === s.point);
      if (!found || !found.times.length) continue;
      tables.push([found.times.map((ms) => ms / 1000), found.values.map(Number)]);
      labels.push({ label: `${t(`control.series.${s.key}`)} (${s.device} ${s.point})`, ...SERIES_STYLE[s.key], spanGaps: true });
      values += found.times.length;
    }
    el.dataset.series = String(tables.length);
    el.dataset.points = String(values);
    if (!tables.length) {
      show(caption, t('control.noHistory'));
      return;
    }
    const data = uPlot.join(tables);
    const key = labels.map((l) => l.label).join('|');
    if (plot && key === drawnFor) {
      plot.setData(data);
    } else {
      if (plot) plot.destroy();
      plot = new uPlot({ width: width(), height: 240, scales: { x: { time: true } }, axes: [{}, { label: '°C' }],
        series: [{}, ...labels] }, data, plotEl);
      drawnFor = key;
    }
    show(caption, t('control.chartValues', values));
  }

  return {
    async update(sources) {
      if (!sources.length) {
        show(caption, t('control.noHistory'));
        return;
      }
      const key = sources.map((s) => `${s.device} ${s.point}`).join('|');
      if (key === el.dataset.sources && Date.now() - loadedAt < RELOAD_MILLIS) return;
      el.dataset.sources = key;
      loadedAt = Date.now();
      await load(sources);
    },
    dispose() {
      window.removeEventListener('resize', onResize);
      if (plot) plot.destroy();
    },
  };
}
