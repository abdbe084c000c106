// scripts/build-pages.js bundles stylesheets as text (esbuild's "text" loader).
declare module '*.css' {
  const css: string;
  export default css;
}
