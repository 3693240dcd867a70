// The indicators module words the server's {type, params} messages from its
// catalog. Expected sentences are the research note's worked example (retail
// sales 1126.4 → 1650, 2023 level 1330) and hand-made ones, not output of the code.
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { messageText, summaryText, releaseLabel, displayName, publishedDecimals, publishedLevel, periodLabel } from '../src/modules/indicators/messages.js'

const read = (f) => JSON.parse(readFileSync(resolve(__dirname, '../src/modules/indicators/locales', f), 'utf8'))
const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': read('zh-CN.json'), en: read('en.json') } })
const { t, te } = i18n.global

const retail = { name: { zh: '社会消费品零售额', en: 'Retail sales of consumer goods' }, unit: { zh: '亿元', en: 'CNY 100 million' } }
// (1330/1126.4)^(1/3) − 1 = 0.0569; (1650/1126.4)^(1/5) − 1 = 0.0793; (1650/1330)^(1/2) − 1 = 0.1138
const evaluation = {
  summary: [
    { type: 'latest', params: { year: 2023, level: 1330, actual_cagr: 0.0569 } },
    { type: 'vs_required', params: { behind: true, required_cagr: 0.0793 } },
    { type: 'needs_remaining', params: { from: 2024, to: 2025, required: 0.1138 } },
  ],
}

describe('indicator messages', () => {
  it('words the summary in Chinese as the research note does', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(summaryText(t, te, evaluation, retail, 'zh')).toBe(
      '2023年社会消费品零售额1330亿元，年均增长5.7%，低于规划要求的7.9%，2024–2025年需年均增长11.4%方能实现目标',
    )
  })
  it('words it in English', () => {
    i18n.global.locale.value = 'en'
    expect(summaryText(t, te, evaluation, retail, 'en')).toBe(
      'Retail sales of consumer goods 2023: 1330 (CNY 100 million), average growth 5.7% a year, below the 7.9% the plan requires; 2024–2025 needs 11.4% a year to reach the target',
    )
  })
  it('words flags with their parameters', () => {
    i18n.global.locale.value = 'zh-CN'
    // Goods exports: "超过9%", but (1400/911.99)^0.2 − 1 = 8.95 %.
    const stated = { type: 'stated_growth_inconsistent', params: { stated_text: '超过9%', stated_pct: 9, op: 'over', base: '911.99', target: '1400', implied: 0.08949 } }
    expect(messageText(t, te, stated, null, 'zh')).toBe('规划表述年均增长“超过9%”，但基期值911.99与目标值1400对应的年均增长为8.95%')
    const sum = { type: 'children_sum_mismatch', params: { part: 'target', sum: 3300, total: 3200 } }
    expect(messageText(t, te, sum, null, 'zh')).toBe('目标值：分项之和3300与总额3200不一致')
    i18n.global.locale.value = 'en'
    expect(messageText(t, te, { type: 'outlier', params: { yoy: 0.3, z: 11.37 } }, retail, 'en')).toBe(
      'YoY growth 30.0% departs from the history (modified z = 11.4); please check',
    )
  })
  it('falls back to the server English for a type it does not know', () => {
    expect(messageText(t, te, { type: 'new_kind', params: {}, message: 'something new' }, null, 'en')).toBe('something new')
  })
  it('has words for every flag and summary type the server sends', () => {
    for (const lang of ['zh-CN', 'en']) {
      i18n.global.locale.value = lang
      for (const type of ['stated_growth_inconsistent', 'text_table_mismatch', 'children_sum_mismatch', 'range', 'outlier',
        'latest', 'target_met', 'vs_required_behind', 'vs_required_ahead', 'needs_remaining']) {
        expect(te('indicators.msg.' + type), `${lang} ${type}`).toBe(true)
      }
    }
  })
  it('names the kinds of release in the reader\'s language and leaves other stored text as it is', () => {
    i18n.global.locale.value = 'en'
    expect(releaseLabel(t, te, '年报')).toBe('Annual release')
    expect(releaseLabel(t, te, '区统计局快报')).toBe('区统计局快报')
    i18n.global.locale.value = 'zh-CN'
    expect(releaseLabel(t, te, '统计公报')).toBe('统计公报')
  })
})

describe('names and figures for a report', () => {
  const trade = { code: 'goods_trade', name: { zh: '货物进出口总额', en: 'Total imports and exports of goods' }, unit: { zh: '亿元' }, base: { value: '2149.23' }, target: { value: '3200' } }
  const exports = { code: 'goods_exports', parent_code: 'goods_trade', name: { zh: '其中出口额', en: 'of which exports' }, unit: { zh: '亿元' }, base: { value: '911.99' }, target: { value: '1400' } }
  const projects = { code: 'fortune500_projects', name: { zh: '世界500强项目' }, unit: { zh: '个' }, base: { value: '16' }, target: { value: '30' } }
  const byCode = { goods_trade: trade }
  it('names a part with its whole', () => {
    expect(displayName(exports, byCode, 'zh')).toBe('货物进出口总额 其中：出口额')
    expect(displayName(exports, byCode, 'en')).toBe('Total imports and exports of goods: of which exports')
    expect(displayName(trade, byCode, 'zh')).toBe('货物进出口总额')
  })
  it('shows levels with the decimals the plan publishes', () => {
    expect(publishedLevel(2530.456, trade)).toBe('2,530.46')
    expect(publishedLevel(21, projects)).toBe('21')
    expect(publishedLevel(null, projects)).toBe('—')
    expect(publishedDecimals({ unit: { zh: '亿元' }, base: { value: null }, target: { value: '37' } })).toBe(1)
  })
})

describe('periods as people write them', () => {
  it('names year-to-date, quarters and months', () => {
    expect(periodLabel('2025-YTD10', 'zh')).toBe('2025年1–10月')
    expect(periodLabel('2025-YTD10', 'en')).toBe('Jan–Oct 2025')
    expect(periodLabel('2024-Q1', 'zh')).toBe('2024年第1季度')
    expect(periodLabel('2024-03', 'en')).toBe('Mar 2024')
    expect(periodLabel('2024', 'zh')).toBe('2024')
  })
})
