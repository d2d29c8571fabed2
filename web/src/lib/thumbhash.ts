import { thumbHashToDataURL } from 'thumbhash';

/**
 * A ThumbHash (base64) as a PNG data URL, made while rendering on the server so the blurred preview paints with the
 * HTML, before any JavaScript or image request. A malformed hash gives undefined: the dominant
 * colour behind it is placeholder enough.
 */
export function thumbhashDataUrl(thumbhash: string): string | undefined {
  if (!thumbhash) return undefined;
  try {
    const bytes = Uint8Array.from(atob(thumbhash), (char) => char.charCodeAt(0));
    if (bytes.length < 5) return undefined;
    return thumbHashToDataURL(bytes);
  } catch {
    return undefined;
  }
}
