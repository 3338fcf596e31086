// One UMD bundle per widget into resources/, where Node-RED serves a package's
// static files and the dashboard loads them from. Dashboard 1.31.0 imports the
// bundle and then reads window[<widget type>][<component>] (importExternalComponent
// is called with the widget's name, not the package's), so each bundle is a
// library named after its widget type. Vue comes from the dashboard page.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build, defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const WIDGETS = {
  'ui-assemblyai-microphone': 'ui/microphone-entry.js',
  'ui-assemblyai-captions': 'ui/captions-entry.js',
};

// The AudioWorklet must be a script of its own: bundle it to a string that the
// page turns into a Blob URL, so it needs no second file or path on the server.
function workletSource() {
  const id = 'virtual:mic-worklet';
  return {
    name: 'assemblyai-mic-worklet',
    resolveId(source) {
      return source === id ? '\0' + id : null;
    },
    async load(resolved) {
      if (resolved !== '\0' + id) return null;
      const result = await build({
        configFile: false,
        logLevel: 'silent',
        build: {
          write: false,
          minify: true,
          lib: { entry: path.join(here, 'ui/worklet/mic-processor.ts'), formats: ['iife'], name: 'AssemblyaiMicProcessor' },
        },
      });
      const output = Array.isArray(result) ? result[0] : result;
      return `export default ${JSON.stringify(output.output[0].code)}`;
    },
  };
}

export default defineConfig(() => {
  const widget = process.env.WIDGET;
  if (!WIDGETS[widget]) throw new Error(`Set WIDGET to one of ${Object.keys(WIDGETS).join(', ')}`);
  return {
    plugins: [vue(), workletSource()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: path.join(here, 'resources'),
      emptyOutDir: false,
      lib: {
        entry: path.join(here, WIDGETS[widget]),
        name: widget,
        formats: ['umd'],
        fileName: () => `${widget}.umd.js`,
      },
      rollupOptions: {
        external: ['vue'],
        output: { globals: { vue: 'Vue' }, extend: true },
      },
    },
  };
});
