// Shares' own pages are server-rendered (the rest of the app renders in the
// browser): a pasted link previews from the OpenGraph tags, the page reads
// without JavaScript, and so does its 404 (+error.svelte here, inside this
// layout, so it is rendered on the server too).
export const ssr = true;
