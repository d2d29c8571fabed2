/**
 * Whether sharp's native binary loads on this machine's platform and architecture: the one
 * thing that breaks when an artifact is packaged for the wrong Lambda architecture. Loaded
 * lazily so a cold start that never touches pixels does not pay for libvips.
 */
export async function imagingEngineLoads(): Promise<boolean> {
  try {
    const { default: sharp } = await import('sharp');
    return typeof sharp.versions.vips === 'string';
  } catch {
    return false;
  }
}
