// A photo is shrunk on the phone before it is sent, as the app does (long edge at most 2048 px, JPEG 0.85,
// upright): a tenth of the camera's file on a slow connection, and the re-encoded file carries no EXIF, so its
// location never leaves the phone. The server re-encodes and strips it again whatever arrives.
const LONG_EDGE = 2048;
const QUALITY = 0.85;

async function encode(bitmap, width, height) {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => { canvas.toBlob(resolve, 'image/jpeg', QUALITY); });
}

/** The photo to send: shrunk as a JPEG, or the file itself when this browser cannot decode it (HEIC). */
export async function shrink(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // the server decodes HEIC and the like, and strips their metadata
  }
  const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  try {
    return (await encode(bitmap, width, height)) || file;
  } finally {
    bitmap.close();
  }
}
