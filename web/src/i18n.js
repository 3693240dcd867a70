import { createI18n } from 'vue-i18n'
import messages from '@intlify/unplugin-vue-i18n/messages'
import { modules } from './modules/index.js'

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('wcp.locale') : null

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'en',
  messages,
})
// Each module brings its own messages (deep-merged into the shell's).
for (const m of modules) {
  for (const [locale, msgs] of Object.entries(m.messages)) i18n.global.mergeLocaleMessage(locale, msgs)
}

export function setLocale(locale) {
  i18n.global.locale.value = locale
  localStorage.setItem('wcp.locale', locale)
  document.documentElement.lang = locale
}
