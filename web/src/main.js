import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/el-message.css'
// Confirmations and prompts (ElMessageBox) are called, not rendered as components: their styles
// are imported here, or a first confirmation appears unstyled.
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import App from './App.vue'
import { i18n } from './i18n.js'
import { makeRouter } from './router.js'
import './style.css'
import { cards } from './cards.js'

createApp(App).use(createPinia()).use(i18n).use(makeRouter()).directive('cards', cards).mount('#app')
