import type { HandleClientError } from '@sveltejs/kit';

export const handleError: HandleClientError = ({ error, status, message }) => {
  // An unknown address is an ordinary 404 page, not a fault worth a console error.
  if (status !== 404) console.error(error);
  return { message };
};
