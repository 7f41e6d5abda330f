// The console's pages. Each is (main, argument, session) → {refresh, dispose?}: it builds its frame once and
// refresh() (called every few seconds while it is shown) fills it from /api.
import { api, atLeast } from './api.js';
import { h, show, table, when } from './dom.js';
import { t } from './i18n.js';
import { controlChart, controlSources, deviceCharts } from './charts.js';
import { ADMIN_PAGES } from './admin.js';

function section(title, id) {
  const body = h('div', { id });
  return { el: h('section', { class: 'card' }, h('h2', null, title), body), body };
}

function unavailable(r) {
  return h('p', { class: 'muted' }, t('unavailable', (r.data && r.data.error) || r.status));
}

function overview(main) {
  const site = section(t('overview.site'), 'site');
  const devices = section(t('overview.devices'), 'device-states');
  const buses = section(t('overview.buses'), 'buses');
  const uplinks = section(t('overview.uplinks'), 'uplinks');
  const journal = section(t('overview.journal'), 'journal');
  const alarms = section(t('overview.alarms'), 'active-alarms');
  show(main, h('div', { class: 'grid' }, [site, devices, buses, uplinks, journal, alarms].map((s) => s.el)));
  return {
    async refresh() {
      const [status, busList, uplinkList, alarmList] = await Promise.all(
        ['/api/status', '/api/buses', '/api/uplinks', '/api/alarms'].map((p) => api(p)));
      if (status.ok) {
        const s = status.data;
        const v = s.site || {};
        show(site.body,
          h('dl', null,
            h('dt', null, t('overview.site')), h('dd', null, v.id || '—'),
            h('dt', null, t('overview.health')), h('dd', { id: 'health', class: s.status === 'UP' ? 'good' : 'bad' }, s.status),
            h('dt', null, t('overview.version')), h('dd', null, v.version == null ? '—' : `${v.version} (${when(v.appliedAt)})`),
            h('dt', null, t('overview.uptime')), h('dd', null, duration(s.uptimeSeconds))),
          (s.configErrors || []).length || (v.problems || []).length
            ? h('div', null, h('h3', null, t('overview.configErrors')),
              h('ul', { class: 'bad' }, [...(s.configErrors || []), ...(v.problems || [])].map((e) => h('li', null, e))))
            : null);
        show(devices.body, h('dl', null, Object.entries(s.devices || {}).flatMap(([state, n]) =>
          [h('dt', null, state), h('dd', { class: state === 'RUNNING' ? 'good' : (n > 0 ? 'bad' : null) }, n)])));
        const j = s.journal;
        show(journal.body, j == null ? unavailable({ status: 503 }) : h('dl', null,
          h('dt', null, t('journal.head')), h('dd', null, j.head),
          h('dt', null, t('journal.writable')), h('dd', null, j.writable === false ? t('no') : t('yes')),
          h('dt', null, t('journal.size')), h('dd', null, j.fileBytes == null ? '—' : bytes(j.fileBytes)),
          h('dt', null, t('journal.alarms')), h('dd', { class: (j.alarms || []).length ? 'bad' : null },
            (j.alarms || []).length ? (j.alarms || []).join('; ') : t('none'))));
      } else {
        show(site.body, unavailable(status));
      }
      show(buses.body, busList.ok ? table([t('bus.id'), t('bus.utilisation'), t('bus.requests'), t('bus.errors')],
        busList.data.map((b) => {
          const errors = b.timeouts + b.checksumErrors + b.otherErrors;
          return [b.id, b.utilisationPercent, b.requests,
            h('span', { class: errors ? 'bad' : null, title: t('bus.errorDetail', b.timeouts, b.checksumErrors, b.otherErrors) },
              errors)];
        })) : unavailable(busList));
      show(uplinks.body, uplinkList.ok ? table(
        [t('uplink.cursor'), t('uplink.state'), t('uplink.backlog'), t('uplink.deadLetters')],
        Object.entries(uplinkList.data.cursors || {}).map(([name, c]) => [name,
          h('span', { class: c.stale ? 'muted' : (c.backlog > 1000 || c.deadLetters ? 'bad' : 'good') },
            c.stale ? t('uplink.stale') : (c.backlog > 1000 ? t('uplink.behind') : t('uplink.ok'))),
          c.backlog, c.deadLetters])) : unavailable(uplinkList));
      show(alarms.body, alarmList.ok ? (alarmList.data.length
        ? h('ul', null, alarmList.data.slice(0, 10).map((a) => h('li', { class: a.overdue ? 'bad' : null },
          h('a', { href: '#/alarms' }, a.id), ` — ${t('alarm.class')} ${a.faultClass}, ${t('alarm.deadline')} ${when(a.dueBy)}`)))
        : h('p', { class: 'good' }, t('alarms.none'))) : unavailable(alarmList));
    },
  };
}

function devices(main) {
  const filters = { bus: '', driver: '', state: '' };
  const selects = {};
  const bar = h('div', { class: 'filters' }, Object.keys(filters).map((key) => {
    selects[key] = h('select', { id: `filter-${key}`, onchange: () => { filters[key] = selects[key].value; draw(); } });
    return h('label', null, t(`devices.filter.${key}`), selects[key]);
  }));
  const count = h('p', { id: 'device-count', class: 'muted' });
  const list = h('div', { id: 'devices' });
  show(main, h('section', { class: 'card' }, bar, count, list));
  let all = [];

  const offered = {};
  function fillSelect(key) {
    const values = [...new Set(all.map((d) => d[key]))].sort();
    if (offered[key] === values.join('\n')) return; // unchanged: leave an open list alone
    offered[key] = values.join('\n');
    const chosen = filters[key];
    show(selects[key], h('option', { value: '' }, t('devices.all')), values.map((v) => h('option', { value: v }, v)));
    selects[key].value = values.includes(chosen) ? chosen : '';
  }

  function draw() {
    const shown = all.filter((d) => Object.entries(filters).every(([k, v]) => !v || d[k] === v));
    show(count, t('devices.shown', shown.length, all.length));
    show(list, table([t('device.id'), t('device.state'), t('device.bus'), t('device.driver'), t('device.lastPoll'),
      t('device.polls'), t('device.failures'), t('device.lastError')], shown.map((d) => [
      h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.id),
      h('span', { class: d.state === 'RUNNING' ? 'good' : 'bad' }, d.state), d.bus, d.driver, when(d.lastPoll),
      d.polls, d.failures, d.lastError]), (i) => ({ 'data-device': shown[i].id })));
  }

  return {
    async refresh() {
      const r = await api('/api/devices');
      if (!r.ok) {
        show(list, unavailable(r));
        return;
      }
      all = r.data;
      Object.keys(filters).forEach(fillSelect);
      draw();
    },
  };
}

function device(main, id) {
  const latest = h('div', { id: 'latest' });
  const charts = h('div', { id: 'charts', class: 'charts' });
  show(main,
    h('p', null, h('a', { href: '#/devices' }, t('device.back'))),
    h('h1', { id: 'device-id' }, id),
    h('section', { class: 'card' }, h('h2', null, t('device.latest')), latest),
    h('section', { class: 'card' }, h('h2', null, t('device.charts')), charts));
  const chartSet = deviceCharts(charts, id);
  return {
    async refresh() {
      const r = await api(`/api/readings/latest?device=${encodeURIComponent(id)}`);
      if (!r.ok) {
        show(latest, unavailable(r));
        return;
      }
      const readings = r.data.slice().sort((a, b) => a.point.localeCompare(b.point));
      show(latest, readings.length ? table(
        [t('reading.point'), t('reading.value'), t('reading.unit'), t('reading.time'), t('reading.quality')],
        readings.map((x) => [x.point, x.value, x.unit, when(x.time),
          h('span', { class: x.quality === 'GOOD' ? 'good' : 'bad', title: x.reason || '' }, x.quality)]))
        : h('p', { class: 'muted' }, t('device.noReadings')));
      await chartSet.update(readings.map((x) => x.point));
    },
    dispose() {
      chartSet.dispose();
    },
  };
}

function alarms(main, arg, session) {
  const list = h('div', { id: 'alarms' });
  const message = h('p', { id: 'alarm-message', role: 'status' });
  show(main, h('section', { class: 'card' }, h('h2', null, t('nav.alarms')), message, list));
  const mayAck = atLeast(session.role, 'operator');
  async function ack(id) {
    const r = await api('/api/alarms/ack', 'POST', { id });
    show(message, r.ok ? t('alarm.ackDone', id) : t('alarm.ackFailed', (r.data && r.data.error) || r.status));
    message.className = r.ok ? 'good' : 'bad';
    await page.refresh();
  }
  const page = {
    async refresh() {
      const r = await api('/api/alarms');
      if (!r.ok) {
        show(list, unavailable(r));
        return;
      }
      show(list, r.data.length ? table([t('alarm.id'), t('alarm.class'), t('alarm.raised'), t('alarm.deadline'),
        t('alarm.evidence'), t('alarm.acknowledged')], r.data.map((a) => [
        h('span', null, a.id),
        a.faultClass,
        when(a.raisedAt),
        h('span', { class: a.overdue ? 'bad' : null }, when(a.dueBy), a.overdue ? ` ${t('alarm.overdue')}` : ''),
        a.evidence,
        a.acknowledgedBy
          ? h('span', { class: 'good' }, t('alarm.ackedBy', a.acknowledgedBy, when(a.acknowledgedAt)))
          : (mayAck ? h('button', { type: 'button', class: 'ack', 'data-alarm': a.id, onclick: () => ack(a.id) },
            t('alarm.ack')) : '—'),
      ]), (i) => ({ 'data-alarm-row': r.data[i].id })) : h('p', { class: 'good' }, t('alarms.none')));
    },
  };
  return page;
}

function commands(main, arg, session) {
  const bounds = h('div', { id: 'bounds' });
  const deviceInput = h('input', { id: 'command-device', list: 'command-devices', required: true, maxlength: 128 });
  const deviceList = h('datalist', { id: 'command-devices' });
  const pointInput = h('input', { id: 'command-point', list: 'command-points', required: true, maxlength: 128 });
  const pointList = h('datalist', { id: 'command-points' });
  const valueInput = h('input', { id: 'command-value', type: 'number', step: 'any', required: true });
  const hint = h('span', { id: 'command-hint', class: 'muted' });
  const result = h('p', { id: 'command-result', role: 'status' });
  let policy = { bounds: {} };
  const updateHint = () => {
    const b = policy.bounds[pointInput.value];
    show(hint, b ? t('commands.boundOf', b.min, b.max) : '');
  };
  pointInput.addEventListener('input', updateHint);
  const form = h('form', { id: 'command-form' },
    h('label', null, t('commands.device'), deviceInput, deviceList),
    h('label', null, t('commands.point'), pointInput, pointList, hint),
    h('label', null, t('commands.value'), valueInput),
    h('button', { type: 'submit', disabled: !atLeast(session.role, 'operator') }, t('commands.send')),
    atLeast(session.role, 'operator') ? null : h('p', { class: 'muted' }, t('commands.viewerOnly')),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const requestId = `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    outcome('ACCEPTED', '');
    const r = await api('/api/commands', 'POST',
      { requestId, device: deviceInput.value, point: pointInput.value, value: Number(valueInput.value) });
    if (!r.data || typeof r.data.status !== 'string') { // not a command result: malformed (400), no role (403), …
      result.dataset.status = 'ERROR';
      show(result, t('command.error', (r.data && r.data.error) || r.status));
      result.className = 'bad';
      return;
    }
    let answer = r.data;
    for (let waited = 0; answer.status === 'ACCEPTED' && waited < 60; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const again = await api(`/api/commands/${encodeURIComponent(requestId)}`);
      if (again.ok) answer = again.data;
    }
    outcome(answer.status, answer.message);
  });
  function outcome(status, message) {
    result.dataset.status = status;
    result.className = status === 'DONE' ? 'good' : (status === 'ACCEPTED' ? 'muted' : 'bad');
    show(result, h('strong', null, t(`command.${status}`)), message ? ` — ${message}` : '');
  }
  show(main,
    h('section', { class: 'card' }, h('h2', null, t('commands.bounds')), bounds),
    h('section', { class: 'card' }, h('h2', null, t('nav.commands')), form));
  let filled = false;
  return {
    async refresh() {
      if (filled) return; // the form keeps what the operator typed; the bounds change only with a new site version
      const [status, devicesAnswer] = await Promise.all([api('/api/status'), api('/api/devices')]);
      if (!status.ok) {
        show(bounds, unavailable(status));
        return;
      }
      filled = true;
      policy = (status.data.site && status.data.site.commands) || { bounds: {} };
      const entries = Object.entries(policy.bounds || {});
      show(bounds,
        entries.length ? table([t('commands.point'), t('bound.min'), t('bound.max')], entries.map(([p, b]) => [p, b.min, b.max]))
          : h('p', null, t('commands.noBounds')),
        policy.maxPerDevicePerMinute ? h('p', { class: 'muted' }, t('commands.rate', policy.maxPerDevicePerMinute)) : null);
      show(pointList, entries.map(([p]) => h('option', { value: p })));
      if (devicesAnswer.ok) show(deviceList, devicesAnswer.data.map((d) => h('option', { value: d.id })));
      updateHint();
    },
  };
}

/** How often the control page looks again for the readings its chart draws (they change only with the site). */
const SOURCES_MILLIS = 60000;

function control(main) {
  const body = h('div', { id: 'control' });
  const chartCard = h('section', { class: 'card' }, h('h2', null, t('control.history')));
  show(main, chartCard, body);
  const chart = controlChart(chartCard);
  let sources = [];
  let sourcesAt = -Infinity;
  const num = (v, unit = '') => (v == null ? '—' : `${Math.round(Number(v) * 10) / 10}${unit}`);

  async function drawChart(report) {
    if (Date.now() - sourcesAt >= SOURCES_MILLIS || !sources.length) {
      const latest = await api('/api/readings/latest');
      if (latest.ok) {
        sourcesAt = Date.now();
        sources = controlSources(report, latest.data, sources);
      }
    }
    await chart.update(sources);
  }

  return {
    dispose: () => chart.dispose(),
    async refresh() {
      const r = await api('/api/control');
      drawChart(r.ok ? r.data.last : null);
      if (!r.ok) {
        show(body, h('p', { class: 'muted' }, t('control.notRunning', (r.data && r.data.error) || r.status)));
        return;
      }
      const problems = r.data.configProblems || [];
      const last = r.data.last;
      if (!last) {
        show(body, h('section', { class: 'card' }, h('p', { class: 'muted' }, t('control.noCycle'))));
        return;
      }
      const outdoor = last.outdoor || {};
      const supply = last.supply || {};
      const rooms = last.rooms || {};
      const decisions = last.decisions || [];
      const households = decisions.filter((d) => String(d.output).startsWith('household/'));
      const others = decisions.filter((d) => !String(d.output).startsWith('household/'));
      const decisionTable = (list) => table([t('control.output'), t('control.action'), t('reading.value'),
        t('control.reason'), t('control.dispatch')], list.map((d) => [d.output,
        h('span', { class: d.action === 'SET' ? 'good' : 'muted' }, d.action),
        d.value == null ? '—' : `${d.value} ${d.unit || ''}`, d.reason, d.dispatch]));
      show(body,
        problems.length ? h('section', { class: 'card' }, h('h2', null, t('control.problems')),
          h('ul', { class: 'bad' }, problems.map((p) => h('li', null, p)))) : null,
        h('div', { class: 'grid' },
          h('section', { class: 'card' }, h('h2', null, t('control.last')),
            h('dl', null,
              h('dt', null, t('reading.time')), h('dd', null, when(last.time)),
              h('dt', null, t('control.cycle')), h('dd', null, last.cycle),
              h('dt', null, t('control.day')), h('dd', null, last.day))),
          h('section', { class: 'card' }, h('h2', null, t('control.outdoor')),
            h('dl', null,
              h('dt', null, t('control.raw')), h('dd', null, num(outdoor.raw, ' °C')),
              h('dt', null, t('control.filtered')), h('dd', null, num(outdoor.filtered, ' °C')),
              h('dt', null, t('control.effective')), h('dd', { class: outdoor.stale ? 'bad' : null },
                num(outdoor.effective, ' °C'), outdoor.stale ? ` (${t('uplink.stale')})` : ''),
              h('dt', null, t('control.forecastPoints')), h('dd', null, outdoor.forecastPoints ?? 0))),
          h('section', { class: 'card', id: 'control-supply' }, h('h2', null, t('control.supply')),
            h('dl', null,
              h('dt', null, t('control.setpoint')), h('dd', null, `${supply.action || '—'} ${num(supply.setpoint, ' °C')}`),
              h('dt', null, t('control.curve')), h('dd', null, num(supply.curve, ' °C')),
              h('dt', null, t('control.measured')), h('dd', null,
                `${num(supply.measuredSupply, ' °C')} / ${num(supply.measuredReturn, ' °C')}`)),
            h('h3', null, t('control.reasonChain')),
            h('ol', { id: 'reason-chain' }, (supply.reasonChain || []).map((x) => h('li', null, x)))),
          h('section', { class: 'card' }, h('h2', null, t('control.rooms')),
            h('dl', null,
              h('dt', null, `P${rooms.percentile ?? 10}`), h('dd', null, num(rooms.value, ' °C')),
              h('dt', null, t('control.range')), h('dd', null, `${num(rooms.min)} … ${num(rooms.max, ' °C')}`),
              h('dt', null, t('control.roomsUsed')), h('dd', null,
                t('control.roomsCount', rooms.used ?? 0, rooms.stale ?? 0, rooms.excluded ?? 0)),
              h('dt', null, t('control.trim')), h('dd', null, num(last.trim, ' °C'))))),
        h('section', { class: 'card' }, h('h2', null, t('control.decisions')), decisionTable(others)),
        households.length ? h('section', { class: 'card' },
          h('details', null, h('summary', null, t('control.households', households.length)), decisionTable(households)))
          : null);
    },
  };
}

/** How often the settlement preview is asked again: it reads the export's day files, so not at every poll. */
const SETTLEMENT_MILLIS = 60000;

function households(main) {
  const message = h('p', { id: 'settlement-message', class: 'muted', role: 'status' });
  const list = h('div', { id: 'households' });
  show(main, h('section', { class: 'card' }, h('h2', { id: 'households-heading' }, t('households.title')),
    h('p', { class: 'muted' }, t('households.season')), message, list));
  let accounts = null; // the last answers of /api/households, /api/readings/latest and /api/settlement
  let latest = null;
  let settlement = null;
  let settlementAskedAt = -Infinity;

  function draw() {
    if (!accounts) return;
    if (!accounts.ok) {
      show(list, unavailable(accounts));
      return;
    }
    const rooms = new Map((latest && latest.ok ? latest.data : []).filter((x) => x.point === 'temp.room')
      .map((x) => [x.device, x]));
    const settled = settlement && settlement.ok;
    const lines = new Map((settled ? settlement.data : []).map((x) => [x.household, x]));
    if (!settlement) show(message, t('loading'));
    else if (settled) show(message, '');
    else {
      show(message, t('households.noSettlement', (settlement.data && settlement.data.error) || settlement.status),
        settlement.data && settlement.data.problems ? h('ul', null, settlement.data.problems.map((x) => h('li', null, x))) : null);
    }
    message.className = settlement && !settled ? 'bad' : 'muted';
    const headers = [t('households.id'), t('households.area'), t('households.tariff'), t('households.building'),
      t('households.room')];
    if (settled) {
      headers.push(t('households.coldDays'), t('households.heat'), t('households.prepaid'), t('households.twoPart'),
        t('households.refund'), t('households.charge'), t('households.coldRoomRefund'), t('households.note'));
    }
    show(list, table(headers, accounts.data.map((a) => {
      const cells = [a.household, a.areaM2, t(`tariff.${a.tariff}`), a.building || '—', roomTemperature(rooms.get(a.roomSensor))];
      if (settled) cells.push(...settlementCells(lines.get(a.household)));
      return cells;
    }), (i) => ({ 'data-household': accounts.data[i].household })));
  }

  return {
    async refresh() {
      if (Date.now() - settlementAskedAt >= SETTLEMENT_MILLIS) {
        settlementAskedAt = Date.now();
        api('/api/settlement?season=current').then((r) => {
          settlement = r;
          draw();
        });
      }
      [accounts, latest] = await Promise.all([api('/api/households'), api('/api/readings/latest')]);
      draw();
    },
  };
}

function roomTemperature(reading) {
  if (!reading) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `room-temp${reading.quality === 'GOOD' ? '' : ' bad'}`, title: when(reading.time) },
    `${reading.value} ${reading.unit || ''}`, reading.quality === 'GOOD' ? '' : ` (${reading.quality})`);
}

/** Cold days by class (those with days), heat and the amounts of one settlement line; dashes without one. */
function settlementCells(line) {
  if (!line) return ['—', '—', '—', '—', '—', '—', '—', t('households.notSettled')];
  const money = (v) => (v == null ? '—' : v);
  const days = Object.entries(line.coldDays || {}).filter(([, n]) => n > 0)
    .map(([name, n]) => `${t(`cold.${name}`)} ${n}`).join(', ');
  return [days || '—', money(line.heatKWh), money(line.prepaid), money(line.twoPart), money(line.refund), money(line.charge),
    money(line.coldRoomRefund), line.error ? h('span', { class: 'bad' }, line.error) : ''];
}

function duration(seconds) {
  if (seconds == null) return '—';
  const d = Math.floor(seconds / 86400);
  const hh = Math.floor((seconds % 86400) / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  return `${d ? `${d} d ` : ''}${hh} h ${mm} min`;
}

function bytes(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

export const PAGES = { overview, devices, device, households, alarms, commands, control, ...ADMIN_PAGES };
