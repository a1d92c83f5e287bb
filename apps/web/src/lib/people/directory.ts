/** People per directory page; small enough to answer fast, large enough to scan. */
export const PEOPLE_PAGE_SIZE = 20;
