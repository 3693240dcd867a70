// Shared display helpers (pure; unit-tested in tests/format.test.js).
// Status colours carry white text in badges: each at least 4.5:1 (WCAG 2.1 AA).
const COLORS = {
  target_met: '#1b5e20', // 7.9:1
  on_track: '#2e7d32', // 5.1:1
  acceleration_needed: '#8a5a00', // 5.9:1
  limited_progress: '#b34700', // 5.5:1
  deterioration: '#b71c1c', // 6.6:1
}

export function statusColor(status) {
  return COLORS[status] || '#5f6470'
}

// Fractions are shown as percentages with one decimal: 0.0793 -> "7.9%".
export function pct(fraction) {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—'
  return (fraction * 100).toFixed(1) + '%'
}

export function fmtLevel(value) {
  if (value === null || value === undefined) return '—'
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

// A stored UTC time ("2026-11-30T08:51:30Z") as the bureau reads it: local
// time in Asia/Shanghai, "2026-11-30 16:51:30"; '—' for none.
export function localTime(iso) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(d).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

// A reporting task's state (GET /api/v1/me/tasks) as a badge colour, white
// text at least 4.5:1 like the status colours.
const TASK_COLORS = {
  overdue: '#b71c1c', // 6.6:1
  rejected: '#b34700', // 5.5:1
  to_do: '#8a5a00', // 5.9:1
  submitted: '#0b5cad', // 6.6:1
  approved: '#1b5e20', // 7.9:1
}
export function taskColor(state) {
  return TASK_COLORS[state] || '#5f6470'
}

// A percentage as the user types it ("5.2", "-0.35", "12") as the exact
// decimal fraction the API stores ("0.052", "-0.0035", "0.12"): the decimal
// point moves two places on the text itself, never through a binary float.
// Returns null for text that is not a plain decimal number, '' for ''.
export function percentToFraction(text) {
  // Full-width digits and signs from a Chinese keyboard (５.２％, －３) and the
  // minus sign U+2212 read as their ASCII forms.
  const s = String(text ?? '').normalize('NFKC').replace(/\u2212/g, '-').trim().replace(/%$/, '').trim()
  if (s === '') return ''
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[2] === '' && !m[3])) return null // a sign or a point alone is no number
  const [, sign] = m
  const whole = m[2] || '0'
  const frac = m[3] || ''
  const digits = (whole.padStart(3, '0') + frac).replace(/^0+(?=\d)/, '')
  const cut = digits.length - frac.length - 2 // the point moves two places left
  let out = (cut <= 0 ? '0' : digits.slice(0, cut)) + '.' + digits.slice(Math.max(cut, 0)).padStart(frac.length + 2, '0')
  out = out.replace(/^0+(?=\d)/, '').replace(/\.?0+$/, '')
  if (out === '' || out === '.') out = '0'
  if (out.startsWith('.')) out = '0' + out
  return out === '0' ? '0' : (sign === '-' ? '-' : '') + out
}

// The year-on-year growth of two decimal amounts as a percentage text with
// one decimal ("12.2%"); '—' when last year's is zero or either is missing.
export function growthText(current, lastYear) {
  const a = Number(current)
  const b = Number(lastYear)
  if (current === '' || lastYear === '' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—'
  return pct(a / b - 1)
}

// A value with its unit as a reader expects it: 1350.6亿元 in Chinese; in
// English "1350.6 (CNY 100 million)", "95%", "19 projects".
export function quantity(level, unit, lang) {
  if (!unit) return String(level)
  if (lang !== 'en') return `${level}${unit}`
  if (unit === '%') return `${level}%`
  return unit.includes(' ') ? `${level} (${unit})` : `${level} ${unit}`
}

// The donut of evaluation statuses (dashboard, reports): counts on the
// slices in white (the status colours are ≥ 4.5:1), names in a legend below,
// so nothing is cut at a phone's width. `counts`: [[status, n], …];
// `name(status)` words a status. Each datum carries its status (a click filters).
export function statusDonut(counts, name, { tooltip = true } = {}) {
  return {
    ...(tooltip ? { tooltip: { trigger: 'item' } } : {}),
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '68%'], center: ['50%', '44%'],
      label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
      data: counts.map(([status, n]) => ({ name: name(status), value: n, status, itemStyle: { color: statusColor(status) } })) }],
    animation: false,
  }
}

// Qingdao's fluctuation levels as badge colours (the plan's blue, yellow,
// orange, darkened to carry white text at ≥ 4.5:1).
const WARNING_COLORS = { IV: '#0b5cad', III: '#8a5a00', II: '#b34700', I: '#b71c1c' }
export function warningColor(level) {
  return WARNING_COLORS[level] || '#5f6470'
}

// A price typed in yuan ("3.25", "３.２", "12") as integer fen (325), from the
// text itself, never through a binary float; null when it is not an amount
// with at most two decimals, '' for ''.
export function yuanToFen(text) {
  const s = String(text ?? '').normalize('NFKC').trim()
  if (s === '') return ''
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'))
}
