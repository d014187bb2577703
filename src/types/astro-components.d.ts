// Lets plain `tsc` type-check .ts files (tests) that import .astro components; inside .astro files
// the Astro language server gives the real prop types.
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

  const component: AstroComponentFactory;
  export default component;
}
