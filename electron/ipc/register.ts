/**
 * The one place where main talks with the renderer: one `ipcMain.handle` per contract method, and
 * the one event channel back (`EVENT_CHANNEL`, shared/events.ts).
 *
 * Each call first proves it comes from our page (the main frame of our window, showing
 * app://rapport), then goes to the core (on its worker thread) like browser mode's and the CLI's,
 * where the dispatcher parses the input with the contract's schema. The answer is always a Result
 * envelope: a thrown error would reach the renderer as a bare, untranslated message and lose its
 * code. Events go to the same window only, and only while it shows our page.
 */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { ipcMain } from 'electron';
import { channelOf, contract, methods, type CallMeta } from '../../shared/contract';
import { EVENT_CHANNEL, type AppEvent } from '../../shared/events';
import { resolveLocale, translator } from '../../shared/i18n';
import type { CallError, Result } from '../../shared/result';
import type { Dispatch } from '../services/dispatch';
import { safeFileName } from '../services/exports';
import { mendPdfText, mendPdfTextOnThread } from '../services/pdf-text';
import { isAppUrl } from '../main/security';

export interface IpcOptions {
  dispatch: Dispatch;
  /** The core's events, forwarded to the window; returns the unsubscribe. */
  onEvent?: (listener: (event: AppEvent) => void) => () => void;
  /** The window whose page may call; null while none is open. */
  mainWindow: () => BrowserWindow | null;
  /** Language of the refusal when the caller sent none. */
  defaultLocale?: string;
  /** The thread that mends a printed PDF's text (out/electron/pdf-worker.cjs); without it, main mends it itself. */
  pdfWorkerFile?: string;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * True when the call comes from the top frame of our window and that frame shows app://rapport.
 * Subframes and other windows are refused even if they run our origin: only the main page is
 * meant to hold the bridge, and a refusal there costs nothing.
 */
export function isTrustedSender(event: SenderEvent, window: BrowserWindow | null): boolean {
  if (window === null || window.isDestroyed()) return false;
  const contents = window.webContents;
  if (event.sender !== contents) return false;
  // senderFrame is null once the frame navigated away or was destroyed while the call was in flight.
  const frame = event.senderFrame;
  const main = contents.mainFrame;
  if (frame === null) return false;
  const isMainFrame = frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
  return isMainFrame && frame.parent === null && isAppUrl(frame.url);
}

/** Keeps only the fields of CallMeta we know, with the types we expect: the renderer is not trusted. */
export function toCallMeta(raw: unknown): CallMeta {
  if (raw === null || typeof raw !== 'object') return {};
  const locale = (raw as { locale?: unknown }).locale;
  return typeof locale === 'string' && locale.length <= 35 ? { locale } : {};
}

/** Tells the window an event, while it shows our page (a page elsewhere must learn nothing of the store). */
export function sendEvent(window: BrowserWindow | null, event: AppEvent): void {
  if (window === null || window.isDestroyed()) return;
  const contents = window.webContents;
  if (!isAppUrl(contents.mainFrame.url)) return;
  contents.send(EVENT_CHANNEL, event);
}

/**
 * `print.pdf`: the page the window shows (the account plan…) through Chromium's print-to-PDF, with
 * the page's print stylesheet. Only a window can print, so main answers it; the core says
 * `unavailable` to everyone else (browser mode prints with the browser's own Save as PDF).
 */
async function printToPdf(
  sender: Pick<IpcMainInvokeEvent['sender'], 'printToPDF'>,
  input: unknown,
  meta: CallMeta,
  pdfWorkerFile: string | undefined,
): Promise<Result<unknown>> {
  const parsed = contract['print.pdf'].input.safeParse(input);
  if (!parsed.success) {
    const t = translator(resolveLocale(meta.locale));
    return { ok: false, error: { code: 'validation', message: t('errors.validation', { details: parsed.error.issues[0]?.message ?? '' }) } };
  }
  // Its text layer mended: Chromium names some Chinese glyphs by their radical (方 as ⽅; pdf-text.ts).
  const printed = await sender.printToPDF({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
  const pdf = pdfWorkerFile ? await mendPdfTextOnThread(printed, pdfWorkerFile) : await mendPdfText(printed);
  const fileName = safeFileName(parsed.data.fileName.toLowerCase().endsWith('.pdf') ? parsed.data.fileName : `${parsed.data.fileName}.pdf`);
  return { ok: true, value: { fileName, mediaType: 'application/pdf', base64: Buffer.from(pdf).toString('base64'), count: 1 } };
}

/** Registers every contract method and forwards the events; returns a function that undoes both. */
export function registerIpc(options: IpcOptions): () => void {
  const refuse = (meta: CallMeta, code: CallError['code'], params: Record<string, unknown> = {}): Result<never> => {
    const t = translator(resolveLocale(meta.locale ?? options.defaultLocale));
    return { ok: false, error: { code, message: t(`errors.${code}`, params) } };
  };

  for (const method of methods) {
    const channel = channelOf(method);
    ipcMain.handle(channel, async (event, input: unknown, rawMeta: unknown): Promise<Result<unknown>> => {
      const meta = toCallMeta(rawMeta);
      if (!isTrustedSender(event, options.mainWindow())) {
        console.warn(`[rapport] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return refuse(meta, 'forbidden');
      }
      try {
        if (method === 'print.pdf') return await printToPdf(event.sender, input, meta, options.pdfWorkerFile);
        return await options.dispatch(method, input, meta);
      } catch (error) {
        console.error(`[rapport] ${method} failed:`, error);
        return refuse(meta, 'internal', { detail: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  const stopEvents = options.onEvent?.((event) => sendEvent(options.mainWindow(), event)) ?? (() => undefined);

  return () => {
    stopEvents();
    for (const method of methods) ipcMain.removeHandler(channelOf(method));
  };
}
