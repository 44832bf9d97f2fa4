/** A percent-encoded piece of a URL, decoded; null when it does not decode (a lone `%`, broken UTF-8). */
export function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
