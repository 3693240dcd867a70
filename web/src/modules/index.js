// Every UI module, found by its folder: adding a module's pages is its folder
// under src/modules/ with an index.js (routes, menu, messages); nothing here
// or in the shell changes.
const found = import.meta.glob('./*/index.js', { eager: true })

export const modules = Object.values(found)
  .map((m) => m.default)
  .sort((a, b) => a.order - b.order)
