import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers of the pages a customer opens from an e-mail (unsubscribe, survey, their error pages).
 * The one-click button must not be framed by another site (clickjacking), the token in the URL
 * must not leak through Referer, and nothing but our own form may be loaded or submitted.
 */
export const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: true,
  // The open pixel is loaded by mail clients of every origin.
  crossOriginResourcePolicy: 'cross-origin',
});
