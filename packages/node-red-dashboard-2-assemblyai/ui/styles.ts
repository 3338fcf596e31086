// The widgets' CSS, added to the page once (the UMD bundle carries no .css file).
const CSS = `
.aai-mic { display: flex; flex-direction: column; gap: 6px; width: 100%; }
.aai-mic-button { display: inline-flex; align-items: center; justify-content: center; gap: 8px; min-height: 44px;
  padding: 8px 16px; border-radius: 22px; border: 1px solid rgba(var(--v-theme-primary, 25, 118, 210), 1);
  background: rgb(var(--v-theme-primary, 25, 118, 210)); color: #fff; font: inherit; cursor: pointer; touch-action: none; user-select: none; }
.aai-mic-button[aria-pressed="true"] { background: #c62828; border-color: #c62828; }
.aai-mic-button:focus-visible { outline: 3px solid #ffb300; outline-offset: 2px; }
.aai-mic-dot { width: 10px; height: 10px; border-radius: 50%; background: currentColor; opacity: .6; }
.aai-mic--live .aai-mic-dot { opacity: 1; }
.aai-mic-meter { height: 6px; border-radius: 3px; background: rgba(128,128,128,.25); overflow: hidden; }
.aai-mic-meter-fill { height: 100%; background: #2e7d32; transition: width 80ms linear; }
.aai-mic--muted .aai-mic-meter-fill { background: #9e9e9e; }
.aai-mic-status { font-size: .85em; opacity: .8; }
.aai-mic-error { font-size: .85em; color: #c62828; }
.aai-captions { width: 100%; max-height: 100%; overflow-y: auto; line-height: 1.4; }
.aai-caption { margin: 0 0 4px; }
.aai-caption-partial { opacity: .6; font-style: italic; }
.aai-caption-speaker { font-weight: 600; margin-right: 4px; }
.aai-caption-time { font-size: .8em; opacity: .7; margin-right: 6px; font-variant-numeric: tabular-nums; }
.aai-caption-empty { opacity: .6; margin: 0; }
`;

export function ensureStyles(): void {
  if (typeof document === 'undefined' || document.getElementById('aai-widget-styles')) return;
  const style = document.createElement('style');
  style.id = 'aai-widget-styles';
  style.textContent = CSS;
  document.head.appendChild(style);
}
