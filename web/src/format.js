// Shared display helpers (pure; unit-tested in tests/format.test.js).
const COLORS = {
  target_met: '#2e7d32',
  on_track: '#43a047',
  acceleration_needed: '#f9a825',
  limited_progress: '#ef6c00',
  deterioration: '#c62828',
}

export function statusColor(status) {
  return COLORS[status] || '#909399'
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
