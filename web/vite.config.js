import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { fileURLToPath } from 'node:url'

// Element Plus is imported per component; locale messages are precompiled so
// the bundle needs no eval (the server's CSP forbids it).
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()] }),
    Components({ resolvers: [ElementPlusResolver()] }),
    VueI18nPlugin({
      include: [
        fileURLToPath(new URL('./src/locales/**', import.meta.url)),
        fileURLToPath(new URL('./src/modules/*/locales/**', import.meta.url)),
      ],
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
    server: { deps: { inline: ['element-plus'] } },
  },
})
