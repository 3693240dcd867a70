// The places module's part of the UI (see modules/indicators/index.js).
import zh from './locales/zh-CN.json'
import en from './locales/en.json'

export default {
  name: 'places',
  order: 20,
  routes: [{ path: 'places', name: 'places', component: () => import('./views/PlacesView.vue'), meta: { title: 'nav.places' } }],
  menu: [{ index: '/places', label: 'nav.places', testid: 'nav-places' }],
  messages: { 'zh-CN': zh, en },
}
