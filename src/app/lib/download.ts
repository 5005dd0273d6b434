/** Saving bytes or text as a file from the tab: a Blob URL on a temporary link, revoked after the click. */
export function downloadBlob(data: BlobPart, fileName: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by the next task; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name part from a model or tensor name: no path separators or characters file systems refuse. */
export function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^\.+/, '') || 'tensor';
}

/** The file name without its extension: lenet5.pt → lenet5. */
export function stem(fileName: string): string {
  const i = fileName.lastIndexOf('.');
  return safeName(i > 0 ? fileName.slice(0, i) : fileName);
}
