// English and Simplified Chinese: chosen from the browser's language, switched by the user (kept in localStorage).

const STRINGS = {
  en: {
    'app.title': 'heathub',
    'lang.switch': '中文',
    'nav.overview': 'Overview', 'nav.devices': 'Devices', 'nav.alarms': 'Alarms', 'nav.commands': 'Commands',
    'nav.control': 'Control', 'nav.audit': 'Audit', 'nav.households': 'Households', 'nav.signOut': 'Sign out',
    'audit.adminOnly': 'Only admins read the audit.', 'audit.log': 'Log', 'audit.who': 'Who', 'audit.what': 'What',
    'audit.status': 'Result', 'audit.message': 'Detail',
    'signIn.title': 'Sign in', 'signIn.user': 'User', 'signIn.password': 'Password', 'signIn.submit': 'Sign in',
    'signIn.wrong': 'Wrong user or password.', 'signIn.locked': 'Too many failed sign-ins; wait a while and try again.',
    'signIn.failed': 'Sign-in failed: {0}',
    'signedInAs': '{0} ({1})',
    'unavailable': 'not available ({0})', 'loading': 'loading…', 'none': 'none',
    'overview.site': 'Site', 'overview.health': 'Health', 'overview.version': 'Site version',
    'overview.uptime': 'Up for', 'overview.devices': 'Devices by state', 'overview.buses': 'Buses',
    'overview.uplinks': 'Uplinks', 'overview.journal': 'Journal', 'overview.alarms': 'Active alarms',
    'overview.configErrors': 'Configuration problems',
    'bus.id': 'Bus', 'bus.utilisation': 'Utilisation %', 'bus.requests': 'Requests', 'bus.errors': 'Errors',
    'bus.errorDetail': '{0} timeouts, {1} checksum, {2} other',
    'uplink.cursor': 'Uplink', 'uplink.state': 'State', 'uplink.backlog': 'Backlog', 'uplink.deadLetters': 'Dead letters',
    'uplink.stale': 'stale', 'uplink.ok': 'delivering', 'uplink.behind': 'behind',
    'journal.head': 'Newest position', 'journal.writable': 'Writable', 'journal.size': 'File size',
    'journal.alarms': 'Journal alarms', 'yes': 'yes', 'no': 'no',
    'devices.filter.bus': 'Bus', 'devices.filter.driver': 'Driver', 'devices.filter.state': 'State',
    'devices.all': 'all', 'devices.shown': '{0} of {1} devices',
    'device.id': 'Device', 'device.driver': 'Driver', 'device.bus': 'Bus', 'device.state': 'State',
    'device.lastPoll': 'Last poll', 'device.polls': 'Polls', 'device.failures': 'Failures', 'device.lastError': 'Last error',
    'device.latest': 'Latest readings', 'device.charts': 'Last 24 hours', 'device.back': '← all devices',
    'device.noReadings': 'No readings yet.', 'device.chartPoints': '{0} values',
    'reading.point': 'Point', 'reading.value': 'Value', 'reading.unit': 'Unit', 'reading.time': 'Time',
    'reading.quality': 'Quality',
    'alarms.none': 'No open alarms.', 'alarm.id': 'Alarm', 'alarm.kind': 'Kind', 'alarm.subject': 'Subject',
    'alarm.class': 'Fault class', 'alarm.raised': 'Raised', 'alarm.deadline': 'Respond by', 'alarm.overdue': 'OVERDUE',
    'alarm.acknowledged': 'Acknowledged', 'alarm.ack': 'Acknowledge', 'alarm.ackedBy': 'by {0} at {1}',
    'alarm.ackDone': 'Alarm {0} acknowledged.', 'alarm.ackFailed': 'Not acknowledged: {0}',
    'alarm.evidence': 'Evidence',
    'commands.bounds': 'Bounds of this site', 'commands.rate': 'At most {0} commands per device per minute.',
    'commands.noBounds': 'This site sets no bounds beyond the drivers\' own.',
    'commands.device': 'Device', 'commands.point': 'Point', 'commands.value': 'Value', 'commands.send': 'Send',
    'commands.boundOf': 'allowed {0} … {1}', 'commands.viewerOnly': 'Your role may not send commands.',
    'command.ACCEPTED': 'ACCEPTED — waiting for the device…', 'command.DONE': 'DONE', 'command.REFUSED': 'REFUSED',
    'command.FAILED': 'FAILED', 'command.error': 'Not sent: {0}',
    'control.problems': 'Control configuration problems', 'control.last': 'Last control cycle',
    'control.notRunning': 'The control loop is not running ({0}).', 'control.noCycle': 'No control cycle yet.',
    'control.cycle': 'Cycle', 'control.day': 'Day', 'control.outdoor': 'Outdoor temperature', 'control.raw': 'Measured',
    'control.filtered': 'Smoothed', 'control.effective': 'Effective', 'control.forecastPoints': 'Forecast points',
    'control.supply': 'Supply temperature', 'control.setpoint': 'Setpoint', 'control.curve': 'Heating curve',
    'control.measured': 'Supply / return measured', 'control.reasonChain': 'Why',
    'control.rooms': 'Room temperatures', 'control.range': 'Range', 'control.roomsUsed': 'Rooms',
    'control.roomsCount': '{0} used, {1} stale, {2} excluded', 'control.trim': 'Room trim',
    'control.decisions': 'Pumps, source and other decisions', 'control.households': 'Households ({0} decisions)',
    'control.output': 'Output', 'control.action': 'Action', 'control.reason': 'Reason', 'control.dispatch': 'Sent',
    'bound.min': 'min', 'bound.max': 'max',
    'households.title': 'Households and settlement preview',
    'households.season': 'Cold days and amounts of the heating season so far (up to yesterday), as the settlement computes them now.',
    'households.noSettlement': 'No settlement preview: {0}',
    'households.id': 'Household', 'households.area': 'Area m²', 'households.tariff': 'Tariff',
    'households.building': 'Building', 'households.room': 'Room now', 'households.coldDays': 'Days by room class',
    'households.heat': 'Heat kWh', 'households.prepaid': 'Prepaid CNY', 'households.twoPart': 'Two-part CNY',
    'households.refund': 'Refund CNY', 'households.charge': 'Charge CNY', 'households.coldRoomRefund': 'Cold-room refund CNY',
    'households.note': 'Note', 'households.notSettled': 'not in the settlement',
    'tariff.two-part': 'two-part', 'tariff.area': 'by area',
    'cold.none': 'warm', 'cold.cool': 'cool', 'cold.cold': 'cold', 'cold.freezing': 'freezing', 'cold.noHeat': 'no heat',
    'cold.unknown': 'no data',
    'nav.users': 'Users', 'nav.tokens': 'API tokens',
    'admin.only': 'Only admins manage users and tokens and read the audit.', 'admin.refused': 'Refused: {0}',
    'role.viewer': 'viewer', 'role.operator': 'operator', 'role.admin': 'admin',
    'users.addTitle': 'Add a user', 'users.name': 'Name', 'users.role': 'Role',
    'users.password': 'Password (10 characters or more)', 'users.add': 'Add', 'users.newPassword': 'New password',
    'users.setPassword': 'Set password', 'users.remove': 'Remove', 'users.confirmRemove': 'Remove user {0}?',
    'users.added': 'User {0} added ({1}).', 'users.removed': 'User {0} removed.', 'users.roleChanged': '{0} is now {1}.',
    'users.passwordChanged': 'Password of {0} changed; their sessions end.',
    'tokens.createTitle': 'Create an API token', 'tokens.name': 'Name', 'tokens.create': 'Create', 'tokens.created': 'Created',
    'tokens.revoke': 'Revoke', 'tokens.confirmRevoke': 'Revoke token {0}? Clients using it are refused at once.',
    'tokens.revoked': 'Token {0} revoked.', 'tokens.done': 'Token {0} created.',
    'tokens.showOnce': 'The token, shown this once: copy it now, the hub keeps only its digest. Use it as: Authorization: Bearer <token>',
    'tokens.none': 'No API tokens.',
    'audit.user': 'User',
    'control.history': 'Supply setpoint and temperatures, last 24 hours', 'control.series.setpoint': 'Supply setpoint',
    'control.series.supply': 'Supply measured', 'control.series.outdoor': 'Outdoor',
    'control.noHistory': 'No setpoint or temperature readings to draw yet.', 'control.chartValues': '{0} values',
  },
  zh: {
    'app.title': 'heathub 换热站',
    'lang.switch': 'English',
    'nav.overview': '概览', 'nav.devices': '设备', 'nav.alarms': '告警', 'nav.commands': '指令',
    'nav.control': '控制', 'nav.audit': '审计', 'nav.households': '住户', 'nav.signOut': '退出',
    'audit.adminOnly': '仅管理员可查看审计日志。', 'audit.log': '日志', 'audit.who': '操作者', 'audit.what': '操作',
    'audit.status': '结果', 'audit.message': '详情',
    'signIn.title': '登录', 'signIn.user': '用户名', 'signIn.password': '密码', 'signIn.submit': '登录',
    'signIn.wrong': '用户名或密码错误。', 'signIn.locked': '登录失败次数过多，请稍后再试。',
    'signIn.failed': '登录失败：{0}',
    'signedInAs': '{0}（{1}）',
    'unavailable': '不可用（{0}）', 'loading': '加载中…', 'none': '无',
    'overview.site': '站点', 'overview.health': '运行状态', 'overview.version': '站点配置版本',
    'overview.uptime': '已运行', 'overview.devices': '设备状态', 'overview.buses': '总线',
    'overview.uplinks': '上行通道', 'overview.journal': '日志存储', 'overview.alarms': '当前告警',
    'overview.configErrors': '配置问题',
    'bus.id': '总线', 'bus.utilisation': '利用率 %', 'bus.requests': '请求数', 'bus.errors': '错误',
    'bus.errorDetail': '超时 {0}，校验 {1}，其他 {2}',
    'uplink.cursor': '上行通道', 'uplink.state': '状态', 'uplink.backlog': '积压', 'uplink.deadLetters': '死信',
    'uplink.stale': '已停用', 'uplink.ok': '正常发送', 'uplink.behind': '积压中',
    'journal.head': '最新位置', 'journal.writable': '可写', 'journal.size': '文件大小',
    'journal.alarms': '存储告警', 'yes': '是', 'no': '否',
    'devices.filter.bus': '总线', 'devices.filter.driver': '驱动', 'devices.filter.state': '状态',
    'devices.all': '全部', 'devices.shown': '显示 {0} / {1} 台设备',
    'device.id': '设备', 'device.driver': '驱动', 'device.bus': '总线', 'device.state': '状态',
    'device.lastPoll': '最近采集', 'device.polls': '采集次数', 'device.failures': '失败次数', 'device.lastError': '最近错误',
    'device.latest': '最新读数', 'device.charts': '最近 24 小时', 'device.back': '← 全部设备',
    'device.noReadings': '暂无读数。', 'device.chartPoints': '{0} 个数据点',
    'reading.point': '测点', 'reading.value': '数值', 'reading.unit': '单位', 'reading.time': '时间',
    'reading.quality': '质量',
    'alarms.none': '没有未处理的告警。', 'alarm.id': '告警', 'alarm.kind': '类型', 'alarm.subject': '对象',
    'alarm.class': '事故等级', 'alarm.raised': '发生时间', 'alarm.deadline': '响应期限', 'alarm.overdue': '已超时',
    'alarm.acknowledged': '已确认', 'alarm.ack': '确认', 'alarm.ackedBy': '{0} 于 {1}',
    'alarm.ackDone': '告警 {0} 已确认。', 'alarm.ackFailed': '未确认：{0}',
    'alarm.evidence': '依据',
    'commands.bounds': '本站限值', 'commands.rate': '每台设备每分钟最多 {0} 条指令。',
    'commands.noBounds': '本站除驱动自身限值外未设限值。',
    'commands.device': '设备', 'commands.point': '测点', 'commands.value': '设定值', 'commands.send': '发送',
    'commands.boundOf': '允许 {0} … {1}', 'commands.viewerOnly': '您的角色不能发送指令。',
    'command.ACCEPTED': '已受理 — 等待设备执行…', 'command.DONE': '已完成', 'command.REFUSED': '已拒绝',
    'command.FAILED': '执行失败', 'command.error': '未发送：{0}',
    'control.problems': '控制配置问题', 'control.last': '最近一次控制周期',
    'control.notRunning': '控制回路未运行（{0}）。', 'control.noCycle': '尚无控制周期。',
    'control.cycle': '周期', 'control.day': '日期', 'control.outdoor': '室外温度', 'control.raw': '实测',
    'control.filtered': '平滑', 'control.effective': '有效值', 'control.forecastPoints': '预报点数',
    'control.supply': '供水温度', 'control.setpoint': '设定值', 'control.curve': '气候补偿曲线',
    'control.measured': '实测供水 / 回水', 'control.reasonChain': '决策依据',
    'control.rooms': '室温', 'control.range': '范围', 'control.roomsUsed': '房间',
    'control.roomsCount': '采用 {0}，过期 {1}，排除 {2}', 'control.trim': '室温修正',
    'control.decisions': '水泵、热源及其他决策', 'control.households': '住户（{0} 项决策）',
    'control.output': '输出', 'control.action': '动作', 'control.reason': '原因', 'control.dispatch': '下发',
    'bound.min': '下限', 'bound.max': '上限',
    'households.title': '住户与结算预览',
    'households.season': '本采暖季截至昨日的室温分级天数与金额，按当前结算规则计算。',
    'households.noSettlement': '暂无结算预览：{0}',
    'households.id': '住户', 'households.area': '面积 m²', 'households.tariff': '计费方式',
    'households.building': '楼栋', 'households.room': '当前室温', 'households.coldDays': '室温分级天数',
    'households.heat': '热量 kWh', 'households.prepaid': '预交 元', 'households.twoPart': '两部制 元',
    'households.refund': '退费 元', 'households.charge': '补交 元', 'households.coldRoomRefund': '低温退费 元',
    'households.note': '备注', 'households.notSettled': '未参与结算',
    'tariff.two-part': '两部制', 'tariff.area': '按面积',
    'cold.none': '达标', 'cold.cool': '偏低', 'cold.cold': '低温', 'cold.freezing': '严重低温', 'cold.noHeat': '未供热',
    'cold.unknown': '无数据',
    'nav.users': '用户', 'nav.tokens': 'API 令牌',
    'admin.only': '仅管理员可管理用户和令牌、查看审计日志。', 'admin.refused': '被拒绝：{0}',
    'role.viewer': '查看员', 'role.operator': '操作员', 'role.admin': '管理员',
    'users.addTitle': '添加用户', 'users.name': '用户名', 'users.role': '角色',
    'users.password': '密码（至少 10 个字符）', 'users.add': '添加', 'users.newPassword': '新密码',
    'users.setPassword': '设置密码', 'users.remove': '删除', 'users.confirmRemove': '删除用户 {0}？',
    'users.added': '已添加用户 {0}（{1}）。', 'users.removed': '已删除用户 {0}。', 'users.roleChanged': '{0} 现为{1}。',
    'users.passwordChanged': '已修改 {0} 的密码，其会话随即结束。',
    'tokens.createTitle': '创建 API 令牌', 'tokens.name': '名称', 'tokens.create': '创建', 'tokens.created': '创建时间',
    'tokens.revoke': '吊销', 'tokens.confirmRevoke': '吊销令牌 {0}？使用它的客户端将立即被拒绝。',
    'tokens.revoked': '已吊销令牌 {0}。', 'tokens.done': '已创建令牌 {0}。',
    'tokens.showOnce': '令牌仅显示这一次，请立即复制；本机只保存其摘要。用法：Authorization: Bearer <令牌>',
    'tokens.none': '暂无 API 令牌。',
    'audit.user': '用户',
    'control.history': '供水设定值与温度（近 24 小时）', 'control.series.setpoint': '供水设定值',
    'control.series.supply': '实测供水', 'control.series.outdoor': '室外',
    'control.noHistory': '暂无可绘制的设定值或温度读数。', 'control.chartValues': '{0} 个数据',
  },
};

const KEY = 'heathub.lang';
let current = choose();

function choose() {
  let kept = null;
  try {
    kept = localStorage.getItem(KEY);
  } catch (e) {
    kept = null; // storage disabled: follow the browser
  }
  if (kept === 'en' || kept === 'zh') return kept;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function lang() {
  return current;
}

export function switchLang() {
  current = current === 'zh' ? 'en' : 'zh';
  try {
    localStorage.setItem(KEY, current);
  } catch (e) {
    // not kept across visits; this page still switches
  }
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The string of a key in the current language, {0} {1} … replaced by the arguments. */
export function t(key, ...args) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (m, i) => (args[i] == null ? '' : String(args[i])));
}

document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
