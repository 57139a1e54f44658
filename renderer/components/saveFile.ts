/** Offers `blob` as a download named `file` (a save dialog in Electron, the downloads folder in a browser). */
export function saveFile(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has read it long before; revoking at once can cut it short in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
