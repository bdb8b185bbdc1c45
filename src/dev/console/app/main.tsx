/**
 * The console's entry point, bundled by scripts/build-console.ts into dist/console/assets/.
 */
import { render } from 'preact';
import { App } from './App.js';
import './styles.css';
import './graph.css';

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
