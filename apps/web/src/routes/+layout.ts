// Rendered in the browser only: the app is for signed-in members, and the
// session cookie belongs to the API's host, so a server render here could
// not know who is asking. adapter-node still serves the app shell.
export const ssr = false;
