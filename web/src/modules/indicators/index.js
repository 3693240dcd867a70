// The indicators module's part of the UI: its pages, menu entries and
// messages. The shell (router.js, MainLayout.vue, i18n.js) assembles every
// module found under src/modules/*/index.js.
import zh from './locales/zh-CN.json'
import en from './locales/en.json'

export default {
  name: 'indicators',
  order: 10,
  routes: [
    { path: 'indicators', name: 'indicators', component: () => import('./views/IndicatorsView.vue'), meta: { title: 'nav.indicators' } },
    { path: 'indicators/:code', name: 'indicator', component: () => import('./views/IndicatorDetailView.vue'), meta: { title: 'nav.indicators' } },
    { path: 'reports', name: 'reports', component: () => import('./views/ReportView.vue'), meta: { title: 'nav.reports' } },
    { path: 'review', name: 'review', component: () => import('./views/ReviewView.vue'), meta: { title: 'nav.review', requires: 'GET /api/v1/indicators/review' } },
    { path: 'enterprise-report', name: 'enterprise-report', component: () => import('./views/EnterpriseReportView.vue'), meta: { title: 'nav.enterpriseReport', requires: 'POST /api/v1/indicators/enterprise-reports' } },
    { path: 'entry', name: 'entry', component: () => import('./views/PeriodEntryView.vue'), meta: { title: 'nav.entry', requires: 'POST /api/v1/indicators/import' } },
  ],
  menu: [
    { index: '/indicators', label: 'nav.indicators', testid: 'nav-indicators' },
    { index: '/entry', label: 'nav.entry', testid: 'nav-entry', requires: 'POST /api/v1/indicators/import' },
    { index: '/enterprise-report', label: 'nav.enterpriseReport', testid: 'nav-enterprise-report', requires: 'POST /api/v1/indicators/enterprise-reports' },
    // count: the number shown beside the entry (fetched by the menu, for who may see it).
    { index: '/review', label: 'nav.review', testid: 'nav-review', requires: 'GET /api/v1/indicators/review',
      count: async (api) => (await api('/api/v1/indicators/review')).count +
        (await api('/api/v1/indicators/enterprise-reports?state=submitted')).count },
    { index: '/reports', label: 'nav.reports', testid: 'nav-reports' },
  ],
  messages: { 'zh-CN': zh, en },
}
