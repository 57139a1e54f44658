/**
 * "Print or save as PDF" in the desktop app (issue 12, a person's data export): the page asks
 * through `window.rapportDesktop.printToPDF(name)`; main renders the window's page with Chromium's
 * `printToPDF` (print styles, CJK glyphs from the system fonts), asks where to save it and writes
 * the file. Only our window's main frame showing app://rapport may ask (as for every contract call).
 */
import { writeFile } from 'node:fs/promises';
import { dialog, ipcMain, type BrowserWindow } from 'electron';
import { isTrustedSender } from '../ipc/register';
import { PRINT_TO_PDF_CHANNEL } from '../preload/manifest';

/** A file name from the page: letters, digits, spaces, dots, dashes; never a path. */
export const pdfFileName = (raw: unknown): string => {
  const name =
    typeof raw === 'string'
      ? raw
          .replace(/[^\p{L}\p{N} ._-]/gu, '')
          .replace(/^\.+/, '')
          .trim()
          .slice(0, 100)
      : '';
  return `${name || 'rapport-export'}.pdf`;
};

export function registerPrintToPdf(mainWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(PRINT_TO_PDF_CHANNEL, async (event, rawName: unknown): Promise<{ saved: boolean }> => {
    const window = mainWindow();
    if (window === null || !isTrustedSender(event, window)) return { saved: false };
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    const { canceled, filePath } = await dialog.showSaveDialog(window, { defaultPath: pdfFileName(rawName), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (canceled || !filePath) return { saved: false };
    await writeFile(filePath, pdf);
    return { saved: true };
  });
  return () => ipcMain.removeHandler(PRINT_TO_PDF_CHANNEL);
}
