// The prices module's part of the UI: the price board and the daily report
// form (see modules/indicators/index.js for the conventions).
import zh from './locales/zh-CN.json'
import en from './locales/en.json'

export default {
  name: 'prices',
  order: 15,
  routes: [
    { path: 'prices', name: 'prices', component: () => import('./views/PriceBoardView.vue'), meta: { title: 'nav.prices' } },
    { path: 'prices/commodities/:code', name: 'price-commodity', component: () => import('./views/CommodityView.vue'), meta: { title: 'nav.prices' } },
    { path: 'prices/alerts', name: 'price-alerts', component: () => import('./views/AlertsView.vue'), meta: { title: 'nav.priceAlerts', requires: 'GET /api/v1/prices/alerts' } },
    { path: 'prices/reserves', name: 'price-reserves', component: () => import('./views/ReservesView.vue'), meta: { title: 'nav.reserves', requires: 'GET /api/v1/prices/reserves' } },
    { path: 'prices/bulletin', name: 'price-bulletin', component: () => import('./views/BulletinView.vue'), meta: { title: 'nav.bulletin', requires: 'GET /api/v1/prices/bulletin' } },
    { path: 'prices/report', name: 'price-report', component: () => import('./views/PriceReportView.vue'), meta: { title: 'nav.priceReport', requires: 'POST /api/v1/prices/reports' } },
  ],
  menu: [
    { index: '/prices', label: 'nav.prices', testid: 'nav-prices' },
    { index: '/prices/alerts', label: 'nav.priceAlerts', testid: 'nav-price-alerts', requires: 'GET /api/v1/prices/alerts',
      count: async (api) => (await api('/api/v1/prices/alerts?status=open')).count },
    { index: '/prices/reserves', label: 'nav.reserves', testid: 'nav-reserves', requires: 'GET /api/v1/prices/reserves' },
    { index: '/prices/bulletin', label: 'nav.bulletin', testid: 'nav-bulletin', requires: 'GET /api/v1/prices/bulletin' },
    { index: '/prices/report', label: 'nav.priceReport', testid: 'nav-price-report', requires: 'POST /api/v1/prices/reports' },
  ],
  messages: { 'zh-CN': zh, en },
}
