import { render } from 'preact';
import { Root } from './app';
import './styles.css';

const mount = document.getElementById('app');
if (mount) render(<Root />, mount);
