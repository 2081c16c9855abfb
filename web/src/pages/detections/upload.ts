// Reading an analysis pack for uploadDetections, which takes the zip base64-encoded.

/** The file's bytes as base64, without the data: URL prefix FileReader puts before them. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`The file could not be read: ${reader.error?.message ?? 'unknown error'}. Choose it again.`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** Why the file cannot be an analysis pack, or null. */
export function checkPack(file: File): string | null {
  if (!file.name.toLowerCase().endsWith('.zip')) {
    return `Analysis pack: ${file.name} is not a .zip file. Choose the zip of a panther-analysis pack.`;
  }
  if (file.size === 0) {
    return `Analysis pack: ${file.name} is empty. Choose the zip of a panther-analysis pack.`;
  }
  return null;
}
