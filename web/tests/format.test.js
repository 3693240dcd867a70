import { describe, expect, it } from 'vitest'
import { pct, statusColor, fmtLevel } from '../src/format.js'

describe('format', () => {
  it('shows fractions as percentages with one decimal', () => {
    expect(pct(0.0793)).toBe('7.9%')
    expect(pct(0.114)).toBe('11.4%')
    expect(pct(-0.02)).toBe('-2.0%')
    expect(pct(null)).toBe('—')
  })
  it('colours statuses and falls back to grey', () => {
    expect(statusColor('on_track')).toBe('#43a047')
    expect(statusColor('deterioration')).toBe('#c62828')
    expect(statusColor('no_data')).toBe('#909399')
  })
  it('formats levels', () => {
    expect(fmtLevel(30)).toBe('30')
    expect(fmtLevel(1485.84)).toBe('1485.8')
    expect(fmtLevel(null)).toBe('—')
  })
})
