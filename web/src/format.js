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
