import type { Page } from "@/lib/paging";

// Polar's ListResource: the page's items and the pagination of the whole list.
export function toListResource<T, W>(page: Page<T>, serialize: (item: T) => W) {
  return {
    items: page.items.map(serialize),
    pagination: { total_count: page.totalCount, max_page: Math.ceil(page.totalCount / page.limit) },
  };
}
