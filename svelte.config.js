import adapter from '@sveltejs/adapter-static';

/** The SPA is built to ./build (with .br/.gz beside each file); Hono serves it and falls back to 200.html for deep links. */
const config = {
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', precompress: true, strict: true })
  }
};

export default config;
