// v-cards: an el-table reads as a list of cards below 768 px (style.css,
// [data-cards]): each cell shows its column's name before it. The
// directive copies the header texts into each body cell's data-label, again
// whenever the rows change (a MutationObserver on the table's children;
// setting the attribute is not a child change, so it does not loop).
function label(el) {
  const heads = [...el.querySelectorAll('.el-table__header-wrapper th')].map((th) => th.textContent.trim())
  for (const tr of el.querySelectorAll('.el-table__body-wrapper tbody tr')) {
    ;[...tr.children].forEach((td, i) => {
      const text = heads[i] || ''
      if (td.dataset.label !== text) td.dataset.label = text
    })
  }
}

export const cards = {
  mounted(el) {
    el.dataset.cards = 'phone' // an attribute: Vue re-renders the table's class list
    label(el)
    el._wcpCards = new MutationObserver(() => label(el))
    el._wcpCards.observe(el, { childList: true, subtree: true, characterData: true })
  },
  unmounted(el) {
    el._wcpCards?.disconnect()
  },
}
