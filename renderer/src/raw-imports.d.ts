// Vite's `?raw` imports: the file's text, bundled into the renderer at build time.
declare module '*.md?raw' {
  const text: string;
  export default text;
}
