import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';
import { serverOnlyWall } from './scripts/vite-server-only';

export default defineConfig({
  plugins: [serverOnlyWall(), reactRouter()],
  build: { target: 'es2022' },
});
