import { describe, expect, it } from 'vitest'
import { pct, statusColor, fmtLevel, localTime, percentToFraction, growthText, taskColor, quantity, yuanToFen, warningColor } from '../src/format.js'

describe('format', () => {
  it('shows fractions as percentages with one decimal', () => {
    expect(pct(0.0793)).toBe('7.9%')
    expect(pct(0.114)).toBe('11.4%')
    expect(pct(-0.02)).toBe('-2.0%')
    expect(pct(null)).toBe('—')
  })
  it('colours statuses and falls back to grey', () => {
    // WCAG 2.1 contrast of white badge text on each status colour: at least 4.5:1 (AA).
    const luminance = (hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const contrast = (hex) => 1.05 / (luminance(hex) + 0.05)
    const statuses = ['target_met', 'on_track', 'acceleration_needed', 'limited_progress', 'deterioration', 'no_data']
    for (const s of statuses) expect(contrast(statusColor(s)), s).toBeGreaterThanOrEqual(4.5)
    expect(new Set(statuses.slice(0, 5).map(statusColor)).size).toBe(5) // distinguishable
    expect(contrast('#43a047')).toBeLessThan(4.5) // the check can fail: the old on_track green did
  })
  it('formats levels', () => {
    expect(fmtLevel(30)).toBe('30')
    expect(fmtLevel(1485.84)).toBe('1485.8')
    expect(fmtLevel(null)).toBe('—')
  })
  it('shows stored UTC times as Beijing time', () => {
    expect(localTime('2026-11-30T08:51:30Z')).toBe('2026-11-30 16:51:30') // UTC+8, no daylight saving
    expect(localTime('2026-12-31T20:00:00Z')).toBe('2027-01-01 04:00:00') // across the new year
    expect(localTime(null)).toBe('—')
  })
})

describe('percentages typed by people', () => {
  it('become exact decimal fractions', () => {
    expect(percentToFraction('5.2')).toBe('0.052')
    expect(percentToFraction('12')).toBe('0.12')
    expect(percentToFraction('-0.35')).toBe('-0.0035')
    expect(percentToFraction('136.8')).toBe('1.368')
    expect(percentToFraction('0')).toBe('0')
    expect(percentToFraction('100')).toBe('1')
    expect(percentToFraction('7.9%')).toBe('0.079')
    expect(percentToFraction('0.1')).toBe('0.001')
    expect(percentToFraction('')).toBe('')
    expect(percentToFraction('5,2')).toBe(null)
    expect(percentToFraction('abc')).toBe(null)
    expect(percentToFraction('.5')).toBe('0.005')
    expect(percentToFraction('5.')).toBe('0.05')
    expect(percentToFraction('５.２％')).toBe('0.052') // full-width, as a Chinese keyboard types it
    expect(percentToFraction('\u22125')).toBe('-0.05') // U+2212 MINUS SIGN
    expect(percentToFraction('-')).toBe(null)
    expect(percentToFraction('.')).toBe(null)
    expect(percentToFraction('1e3')).toBe(null)
  })
  it('growth of two amounts', () => {
    expect(growthText('1234.5', '1100')).toBe('12.2%') // 1234.5 / 1100 = 1.12227…
    expect(growthText('90', '100')).toBe('-10.0%')
    expect(growthText('1', '0')).toBe('—')
    expect(growthText('', '10')).toBe('—')
  })
  it('task states have readable badge colours', () => {
    const luminance = (hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    for (const s of ['overdue', 'rejected', 'to_do', 'submitted', 'approved', 'other']) {
      expect(1.05 / (luminance(taskColor(s)) + 0.05), s).toBeGreaterThanOrEqual(4.5)
    }
  })
})

describe('quantities', () => {
  it('read naturally in each language', () => {
    expect(quantity('1350.6', '亿元', 'zh')).toBe('1350.6亿元')
    expect(quantity('1350.6', 'CNY 100 million', 'en')).toBe('1350.6 (CNY 100 million)')
    expect(quantity('95', '%', 'en')).toBe('95%')
    expect(quantity('19', 'projects', 'en')).toBe('19 projects')
    expect(quantity('7', '', 'en')).toBe('7')
  })
})

describe('prices', () => {
  it('yuan typed become exact fen', () => {
    expect(yuanToFen('3.25')).toBe(325)
    expect(yuanToFen('12')).toBe(1200)
    expect(yuanToFen('0.5')).toBe(50)
    expect(yuanToFen('３.２')).toBe(320) // full-width, as a Chinese keyboard types it
    expect(yuanToFen('1.005')).toBe(null) // fen are the smallest unit
    expect(yuanToFen('-3')).toBe(null)
    expect(yuanToFen('')).toBe('')
    expect(yuanToFen('0.1') + yuanToFen('0.2')).toBe(30) // no binary-float drift
  })
  it('warning levels have readable colours', () => {
    const luminance = (hex) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    for (const l of ['IV', 'III', 'II', 'I', '']) expect(1.05 / (luminance(warningColor(l)) + 0.05), l).toBeGreaterThanOrEqual(4.5)
  })
})
